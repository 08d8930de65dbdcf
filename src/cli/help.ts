/** The text of `taskwright --help`. */
export const helpText = `Usage: taskwright run <task.json|task.yaml> [--executor docker|process] [--network <mode>] [--json]
       taskwright --help | --version

Runs one task to its end, one lifecycle step at a time (NEW → ACCEPTED → PREPARING → READY →
STARTING → RUNNING → COMPLETE), printing each state change with its timing and streaming the
task's output, then exits with the task's exit code.

The task file (JSON, or YAML with .yaml/.yml) holds a task without "status": the task starts at
NEW with desired state RUNNING. "id" is optional (one is made from the file name).

  # hello.yaml
  spec:
    container:
      image: busybox:1.36          # used by the Docker executor
      command: [sh, -c, 'echo "$GREETING, world"']
      env: ["GREETING=hello"]
      stopGracePeriod: 5000        # milliseconds, after the stop signal (default 10000)

Options:
  -e, --executor docker|process
                  docker: run the task as a container (needs an image and a Docker engine);
                  process: run command + args as a child process (no Docker needed; the image is
                  ignored). Default: docker when the task has an image and a Docker engine
                  answers, else process. The choice is printed on stderr.
      --network <mode>
                  The container's network mode for the Docker executor: none, host, bridge or a
                  network's name (default: the engine's default, bridge). Implies Docker.
      --json      Print only JSON lines on stdout, one event per line ("run", "state", "log",
                  "pull", "retry", "signal", "error", "exit"); messages for people go to stderr.
  -h, --help      Show this help.
  -v, --version   Show the version.

Output:
  stdout carries the task's stdout; stderr carries the task's stderr and taskwright's own
  lines (state changes, image pull progress, the result). Colours only on a terminal, never
  with NO_COLOR set.

Ctrl-C:
  The first Ctrl-C (SIGINT, or a SIGTERM) shuts the task down gracefully: its stop signal, then
  its grace period. A second one terminates it at once. A third terminates and removes it within
  2 s, then exits. The task is removed afterwards (process, private files, container). A reader
  of stdout or stderr that goes away (| head -1) counts as a first Ctrl-C (SIGPIPE, exit 141).

Exit codes:
  0        the task completed (COMPLETE)
  N        the task failed with exit code N (1-255; 128+n when signal n killed it)
  1        the task failed without an exit code, was rejected, or the executor is unusable
  2        usage error, a task file that cannot be read, parsed or validated, or a task the
           executor refuses as invalid
  130/143/141
           the task was shut down by Ctrl-C (SIGINT) / SIGTERM / a closed output (SIGPIPE)

Environment:
  DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, DOCKER_CONFIG
                  how the Docker executor reaches the engine, as for the docker CLI
  NO_COLOR        no colours
  NODE_DEBUG=taskwright
                  debug output of the library

Examples:
  taskwright run hello.yaml
  taskwright run job.json --executor process --json | jq -c 'select(.type == "state")'
`;
