/** The case feature's public entry for other features: the open case and command submission (caseSlice.ts), the command form and its form ⇄ command mapping. The shell mounts CaseWorkbench itself. Other features import case/ only through this module (test/featureCycles.test.ts). */
export * from './caseSlice.js';
export * from './CommandForm.js';
export * from './commandForms.js';
// The map picker of a position (受理, 标注位置), reused by the centre's registration form.
export { LocationPicker } from './commands/location.js';
export { AttachmentPicker } from './attachments/AttachmentPicker.js';
