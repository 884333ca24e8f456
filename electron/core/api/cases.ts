/** Cases: the queue, one case's detail, submitting a command, the outbox. */
import type { CaseDetail } from '../../../shared/api.js';
import { actorOf } from '../../../shared/actor.js';
import { outboxItem } from '../cache/outboxRecord.js';
import { ApiError } from './errors.js';
import type { CoreParts, HandlersFor } from './handlers.js';
import { withoutPhones } from '../reads/queueQuery.js';

export function caseHandlers(p: CoreParts): HandlersFor<'queue.list' | 'case.get' | 'command.submit' | 'outbox.list' | 'outbox.dismiss'> {
  const { store, replica, sync, streams } = p;
  return {
    // The wall may not look a case up by a resident's phone number: such terms are dropped for it.
    'queue.list': (input, ctx) =>
      p.queue.list(
        p.session.role(ctx) === 'wall' ? { ...input, q: withoutPhones(input.q) } : input,
        p.now(),
        store.pendingCounts(),
        store.serverVersion,
      ),
    'case.get': (input) => {
      const merged = replica.mergedCase(input.id);
      if (!merged) throw new ApiError('NOT_FOUND', `案件 ${input.id} 不在本地缓存中`);
      const self = sync.presenceId;
      const viewers = sync.presence.filter((v) => v.openCaseId === input.id && v.id !== self);
      const detail: CaseDetail = { case: merged.state, pending: store.outboxForCase(input.id).map(outboxItem), viewers };
      return detail;
    },
    'command.submit': (input) => {
      const user = p.session.user!;
      const out = replica.submit(input.command, actorOf(user), user.id, p.now());
      if (!out.ok) throw new ApiError(out.code, out.message);
      streams.localChange(input.command.caseId, input.command.type === 'report');
      sync.schedulePush(0);
      return { mutationId: out.mutationId, n: out.n };
    },
    'outbox.list': () => store.outboxAll().map(outboxItem),
    'outbox.dismiss': (input) => {
      const out = replica.dismiss(input.id);
      if (!out.ok) throw new ApiError(out.code, out.message);
      streams.localChange(out.caseId, false);
      return {};
    },
  };
}
