/** Keyboard shortcuts (queue, case workbench): whether a key press belongs to a field or a dialog. */

/** True when a key press belongs to a text field or an open dialog, not to the page's shortcuts. */
export function isTypingTarget(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.closest('.ant-modal, .ant-drawer, .ant-select-dropdown, .ant-picker-dropdown')) return true;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}
