import type { Actor } from './model.js';

/** The actor of a user's commands and events (a user without a unit acts for the centre). */
export function actorOf(user: { id: string; name: string; role: Actor['role']; unitId?: string | undefined }): Actor {
  return { id: user.id, name: user.name, role: user.role, unitId: user.unitId ?? 'centre' };
}
