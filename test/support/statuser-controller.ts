import { type ContainerStatus, StubController, type StubControllerFns } from "../../src/index.js";

/** A StubController that also reports a fixed container status, like the original's `StatuserController`. */
export class StatuserController extends StubController {
  containerStatusCalls = 0;

  constructor(
    private readonly status: ContainerStatus,
    fns: StubControllerFns = {},
  ) {
    super(fns);
  }

  async containerStatus(): Promise<ContainerStatus> {
    this.containerStatusCalls++;
    return this.status;
  }
}

/** Gives an existing stub the container-status capability, keeping its functions and counts. */
export function withContainerStatus(stub: StubController, status: ContainerStatus): StubController {
  return Object.assign(stub, { containerStatus: async () => status });
}
