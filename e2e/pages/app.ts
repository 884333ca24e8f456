/** Page objects of the workstation UI (data-testid selectors only). */
import { expect, type Locator, type Page } from '@playwright/test';
import { chooseOption } from './select.js';

export class AppPage {
  readonly queue: QueuePage;
  readonly workbench: Workbench;
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    this.queue = new QueuePage(page);
    this.workbench = new Workbench(page);
  }

  async open(hash = ''): Promise<void> {
    await this.page.goto(`${this.baseUrl}/${hash}`);
  }

  async login(username: string, password = 'grid2026'): Promise<void> {
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
    await expect(this.page.getByTestId('app-frame')).toBeVisible();
  }

  connection(): Locator {
    return this.page.getByTestId('connection-indicator');
  }

  async expectConnection(state: 'online' | 'offline' | 'syncing', timeout = 30_000): Promise<void> {
    await expect(this.connection()).toHaveAttribute('data-state', state, { timeout });
  }

  pendingCount(): Locator {
    return this.page.getByTestId('pending-count');
  }

  async nav(to: 'queue' | 'supervision' | 'stats' | 'assessment' | 'meeting' | 'reference'): Promise<void> {
    await this.page.getByTestId(`nav-${to}`).click();
  }
}

export class QueuePage {
  constructor(readonly page: Page) {}

  row(caseId: string): Locator {
    return this.page.locator(`[data-testid="queue-row"][data-case-id="${caseId}"]`);
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('queue-search').locator('input').fill(text);
  }

  async tab(name: string): Promise<void> {
    await this.page.getByTestId(`tab-${name}`).click();
  }

  async openCase(caseId: string): Promise<void> {
    await this.row(caseId).dblclick();
    await expect(this.page.getByTestId('case-workbench')).toHaveAttribute('data-case-id', caseId);
  }
}

export class Workbench {
  constructor(readonly page: Page) {}

  status(): Locator {
    return this.page.getByTestId('case-status');
  }

  async expectStatus(status: string, timeout = 30_000): Promise<void> {
    await expect(this.status()).toHaveAttribute('data-status', status, { timeout });
  }

  action(type: string): Locator {
    return this.page.getByTestId(`action-${type}`);
  }

  form(type: string): Locator {
    return this.page.getByTestId(`form-${type}`);
  }

  /** Pick an option of a searchable antd Select: type to filter, then take the first match in its own dropdown. */
  async choose(testid: string, search: string): Promise<void> {
    await chooseOption(this.page, testid, search, { type: true });
  }

  /** Click a radio option (antd Radio.Group) by its label. */
  async pick(testid: string, label: string): Promise<void> {
    await this.page.getByTestId(testid).getByText(label, { exact: true }).click();
  }

  async fill(testid: string, text: string): Promise<void> {
    await this.page.getByTestId(testid).fill(text);
  }

  /** No command of this case is waiting for the relay any more. */
  async expectConfirmed(): Promise<void> {
    await expect(this.page.getByTestId('pending-item')).toHaveCount(0, { timeout: 30_000 });
  }

  async submit(type: string): Promise<void> {
    await this.form(type).getByTestId('form-submit').click();
    await expect(this.form(type)).toBeHidden();
  }

  timelineTypes(): Locator {
    return this.page.getByTestId('timeline-item');
  }
}
