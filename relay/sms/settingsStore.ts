/**
 * The SMS settings in force at this relay (短信设置, docs/sms.md): the start flags/environment are the
 * defaults (relay/sms/settings.ts); once an admin saves settings ('sms:settings:save') they are kept in the
 * relay's SQLite store (meta key `sms_settings`, one JSON value holding the settings and their change record,
 * written in one statement, so a save is kept whole or not at all) and win over the flags at every start.
 * A save takes effect at once: messages queued afterwards use the new templates and sign name; every message
 * not yet sent goes through the new gateway, key and quiet hours (a queued message's text was composed when
 * it was queued and is sent as the log shows it). The key is write-only: no answer carries it.
 */
import { z } from 'zod';
import type { Actor } from '../../shared/model.js';
import {
  SMS_SETTINGS_HISTORY,
  SmsSettings,
  SmsSettingsChange,
  parseSmsSettings,
  smsSettingsChanges,
  smsSettingsView,
  type SmsSettingsSaveRequest,
  type SmsSettingsView,
} from '../../shared/sms.js';
import type { LogStore } from '../store/types.js';

export const SMS_SETTINGS_META = 'sms_settings';

const Stored = z.object({ settings: SmsSettings, history: z.array(SmsSettingsChange) });
type Stored = z.infer<typeof Stored>;

/** A refusal of a save, in Chinese (the socket answers it as BAD_REQUEST). */
export class SmsSettingsError extends Error {}

export class SmsSettingsStore {
  private listeners: Array<(s: SmsSettings | null) => void> = [];

  private constructor(
    private readonly store: Pick<LogStore, 'getMeta' | 'setMeta'>,
    private readonly defaults: SmsSettings,
    private stored: Stored | null,
    private readonly log: (msg: string) => void,
  ) {}

  /**
   * `defaults`: the settings from the flags/environment (gatewayUrl 'none' when the relay sends none).
   * A stored value that no longer parses is reported and ignored (the defaults apply) rather than stopping the relay.
   */
  static async open(store: Pick<LogStore, 'getMeta' | 'setMeta'>, defaults: SmsSettings, log: (msg: string) => void = () => {}) {
    const raw = await store.getMeta(SMS_SETTINGS_META);
    let stored: Stored | null = null;
    if (raw !== null) {
      try {
        const r = Stored.safeParse(JSON.parse(raw));
        if (r.success) stored = r.data;
        else log('stored SMS settings are invalid; using the start flags');
      } catch {
        log('stored SMS settings are not JSON; using the start flags');
      }
    }
    return new SmsSettingsStore(store, defaults, stored, log);
  }

  /** Every setting, the key included (the relay's own use only). */
  all(): SmsSettings {
    return this.stored?.settings ?? this.defaults;
  }

  /** The settings the relay sends with, or null when it sends none (gateway 'none'). */
  current(): SmsSettings | null {
    const s = this.all();
    return s.gatewayUrl === 'none' ? null : s;
  }

  /** What a client may see: no key. */
  view(): SmsSettingsView {
    return smsSettingsView(this.all(), this.stored ? 'stored' : 'config', this.stored?.history ?? []);
  }

  /** Called after every save with the settings now in force. */
  onChange(fn: (s: SmsSettings | null) => void): void {
    this.listeners.push(fn);
  }

  /** Validate and keep a save; throws SmsSettingsError (Chinese) and keeps nothing on a bad one. */
  async save(actor: Actor, req: SmsSettingsSaveRequest, now: number): Promise<SmsSettingsView> {
    const before = this.all();
    const parsed = parseSmsSettings({
      gatewayUrl: req.gatewayUrl,
      auth: req.auth,
      key: req.key === undefined || req.key === '' ? before.key : req.key,
      signName: req.signName,
      ...(req.quietHours ? { quietHours: req.quietHours } : {}),
      templates: req.templates,
    });
    if (!parsed.ok) throw new SmsSettingsError(parsed.message);
    const after = parsed.settings;
    const fields = smsSettingsChanges(before, after);
    if (fields.length === 0 && this.stored) return this.view();
    const change: SmsSettingsChange = { at: now, actorId: actor.id, actorName: actor.name, fields };
    const next: Stored = { settings: after, history: [change, ...(this.stored?.history ?? [])].slice(0, SMS_SETTINGS_HISTORY) };
    await this.store.setMeta(SMS_SETTINGS_META, JSON.stringify(next));
    this.stored = next;
    this.log(`sms settings changed by ${actor.id}: ${fields.join(', ') || 'saved unchanged'}`);
    const current = this.current();
    for (const fn of this.listeners) fn(current);
    return this.view();
  }
}
