import { ExecError } from "../exec/errors.js";
import type { DockerLogDecoder } from "./docker-log-decoder.js";
import type { DockerLogMessage } from "./docker-log-message.js";
import { LogErrorCode } from "./errors.js";

const done: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * The async iterator behind `demuxDockerLogs`: hands out the messages decoded from one chunk
 * (each `next()` already resolved), and reads the next chunk only when they are used up. Faster
 * than an async generator, which costs several promise turns per message.
 *
 * Like a generator: `next()` calls are served in order; after an error or `return()` it is done;
 * `return()` (what `break` calls) and any decoding error close the source with its `return()`.
 *
 * @internal
 */
export class MessageIterator implements AsyncIterableIterator<DockerLogMessage, undefined> {
  readonly #iterable: AsyncIterable<Uint8Array | string>;
  readonly #decoder: DockerLogDecoder;
  #source: AsyncIterator<Uint8Array | string> | undefined;
  #index = 0;
  #sourceDone = false;
  #finished = false;
  #failure: unknown;
  #pulling: Promise<unknown> | undefined;

  constructor(iterable: AsyncIterable<Uint8Array | string>, decoder: DockerLogDecoder) {
    this.#iterable = iterable;
    this.#decoder = decoder;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<DockerLogMessage, undefined>> {
    if (this.#pulling) return this.#pulling.then(this.#again, this.#again);
    const out = this.#decoder.out;
    if (this.#index < out.length)
      return Promise.resolve({ value: out[this.#index++] as DockerLogMessage, done: false });
    const pull = this.#pull();
    this.#pulling = pull;
    const clear = () => {
      this.#pulling = undefined;
    };
    pull.then(clear, clear);
    return pull;
  }

  async return(): Promise<IteratorResult<DockerLogMessage, undefined>> {
    await this.#pulling?.catch(() => undefined);
    this.#finished = true;
    this.#failure = undefined;
    this.#decoder.out.length = 0;
    this.#index = 0;
    await this.#closeSource();
    return done;
  }

  readonly #again = () => this.next();

  async #pull(): Promise<IteratorResult<DockerLogMessage, undefined>> {
    const out = this.#decoder.out;
    for (;;) {
      if (this.#failure !== undefined) {
        const failure = this.#failure;
        this.#failure = undefined;
        this.#finished = true;
        await this.#closeSource();
        throw failure;
      }
      if (this.#finished || this.#sourceDone) {
        this.#finished = true;
        return done;
      }
      this.#source ??= this.#iterable[Symbol.asyncIterator]();
      let result: IteratorResult<Uint8Array | string>;
      try {
        result = await this.#source.next();
      } catch (err) {
        this.#sourceDone = true;
        this.#finished = true;
        throw err;
      }
      out.length = 0;
      this.#index = 0;
      if (result.done) {
        this.#sourceDone = true;
        this.#decoder.end();
      } else if (typeof result.value === "string") {
        this.#failure = new ExecError(
          LogErrorCode.NotBytes,
          "log source yielded text, not bytes: do not set an encoding on it",
        );
      } else this.#decoder.push(result.value);
      this.#failure ??= this.#decoder.failure;
      if (out.length > 0) {
        this.#index = 1;
        return { value: out[0] as DockerLogMessage, done: false };
      }
    }
  }

  async #closeSource(): Promise<void> {
    if (this.#sourceDone) return;
    this.#sourceDone = true;
    await this.#source?.return?.();
  }
}
