/**
 * One progress message of an image pull, as an executor reports it: the hook through which the
 * CLI shows a progress bar.
 *
 * The CLI creates the Docker executor as `new DockerExecutor({ onPullProgress })` and expects
 * one call per message of the engine's pull stream: `status` is the engine's text
 * (`"Pulling fs layer"`, `"Downloading"`, `"Download complete"`, `"Extracting"`,
 * `"Pull complete"`, `"Already exists"`, …), `layer` the layer id, `current`/`total` the bytes of
 * that layer when the engine says. Any executor may take the same option.
 */
export interface PullProgress {
  /** The image reference being pulled. */
  image: string;
  /** The engine's status text. */
  status: string;
  /** The layer concerned, when the message is about one. */
  layer?: string;
  /** Bytes of the layer done, when known. */
  current?: number;
  /** Bytes of the layer in all, when known. */
  total?: number;
}

/** An image pull summed over its layers. */
export interface PullSummary {
  image: string;
  /** The last status text. */
  status: string;
  /** Layers seen so far. */
  layers: number;
  /** Layers downloaded (or already present). */
  layersDone: number;
  /** Bytes downloaded over the layers whose size is known. */
  current: number;
  /** Bytes in all over those layers. */
  total: number;
}

interface Layer {
  current: number;
  total: number;
  done: boolean;
}

const doneStatuses = new Set(["Download complete", "Pull complete", "Already exists", "Extracting"]);

/** Sums the progress messages of one image's pull. */
export class PullTracker {
  readonly #layers = new Map<string, Layer>();
  #image = "";
  #status = "";

  /** Takes one message and returns the new summary. */
  update(event: PullProgress): PullSummary {
    this.#image = event.image;
    this.#status = event.status;
    if (event.layer !== undefined) {
      const layer = this.#layers.get(event.layer) ?? { current: 0, total: 0, done: false };
      this.#layers.set(event.layer, layer);
      if (event.status === "Downloading") {
        if (event.total !== undefined && event.total > 0) layer.total = event.total;
        if (event.current !== undefined) layer.current = Math.min(event.current, layer.total || event.current);
      }
      if (doneStatuses.has(event.status)) {
        layer.done = true;
        layer.current = layer.total;
      }
    }
    return this.summary();
  }

  /** The pull so far. */
  summary(): PullSummary {
    let current = 0;
    let total = 0;
    let layersDone = 0;
    for (const layer of this.#layers.values()) {
      current += layer.current;
      total += layer.total;
      if (layer.done) layersDone++;
    }
    return { image: this.#image, status: this.#status, layers: this.#layers.size, layersDone, current, total };
  }
}

/** A one-line text bar, e.g. `pulling busybox:1.36 [=======>      ]  52% 1.2/2.3 MB, 1/2 layers`. */
export function pullBar(summary: PullSummary, width = 24): string {
  const { image, layers, layersDone, current, total } = summary;
  const fraction = total > 0 ? Math.min(1, current / total) : layers > 0 ? layersDone / layers : 0;
  const filled = Math.round(fraction * width);
  const bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (filled === width ? "=" : ">") : "");
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const bytes = total > 0 ? ` ${megabytes(current)}/${megabytes(total)} MB,` : "";
  return `pulling ${image} [${bar.padEnd(width)}] ${percent}${bytes} ${layersDone}/${layers} layers`;
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
