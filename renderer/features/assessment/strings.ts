// The text lives in renderer/i18n/zh-CN/assessment.ts; kept so feature modules may import it from here.
export { a } from '../../i18n/zh-CN/assessment.js';
export { fmt } from '../../i18n/format.js';
