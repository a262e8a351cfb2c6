// What the runner and the in-editor suite tell each other (through files: the suite runs in another process).

export interface E2eConfig {
  /** Where the suite writes its SuiteReport. */
  resultsFile: string;
  /** Folder for the screenshot handshake: the suite writes `<name>.request`, the runner answers `<name>.done`. */
  handshake: string;
  serverPath: string;
  model: string;
}

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface SuiteReport {
  tests: TestResult[];
}
