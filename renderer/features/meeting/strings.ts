// The text lives in renderer/i18n/zh-CN/meeting.ts; kept so feature modules may import it from here.
export { m } from '../../i18n/zh-CN/meeting.js';
export { fmt } from '../../i18n/format.js';
