/**
 * Picking an option of an antd Select, scoped to that Select's own dropdown. Every Select's popup stays
 * in the DOM after it closes, and several forms list the same options (the division import's field
 * selects all list the file's attributes), so "the first visible option with this text" can be an option
 * of another Select's closing popup: the dropdown is found through the combobox's aria-controls (its
 * listbox id), and the pick waits until that popup has closed before the next one opens.
 */
import { expect, type Page } from '@playwright/test';

export async function chooseOption(page: Page, testid: string, text: string, opts: { type?: boolean } = {}): Promise<void> {
  const select = page.getByTestId(testid);
  await select.click();
  const combobox = select.getByRole('combobox');
  await expect(combobox).toHaveAttribute('aria-expanded', 'true');
  const listId = await combobox.getAttribute('aria-controls');
  if (!listId) throw new Error(`select ${testid} names no listbox`);
  if (opts.type) await page.keyboard.type(text);
  const dropdown = page.locator(`.ant-select-dropdown:has([id="${listId}"])`);
  await dropdown.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
  await expect(combobox).toHaveAttribute('aria-expanded', 'false');
}
