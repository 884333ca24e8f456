/** The notice feature's public entry: the printable urge notice. Other features import notice/ only through this module (test/featureCycles.test.ts). */
export * from './NoticePrint.js';
export { NoticeBell } from './NoticeBell.js';
export { noticeLogReducer, noticeLogged, saveNoticeLog, soundSet, type NoticeLogState } from './noticeLog.js';
