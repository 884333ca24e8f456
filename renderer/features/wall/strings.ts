// The text lives in renderer/i18n/zh-CN/wall.ts; kept so feature modules may import it from here.
export { w } from '../../i18n/zh-CN/wall.js';
export { fmt } from '../../i18n/format.js';
