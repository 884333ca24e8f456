/** The clock feature's public entry: the clock badge and the reply-deadline hint other screens show. Other features import clock/ only through this module (test/featureCycles.test.ts). */
export * from './ClockBadge.js';
export * from './ReplyDeadline.js';
