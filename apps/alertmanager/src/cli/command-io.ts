/** CommandIo is where a CLI command writes, so tests can capture its output. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}
