/** The acting user as the engine sees them (the centre when the user has no unit). */
import type { Actor } from '../../shared/model.js';

export function actorOf(user: { id: string; name: string; role: Actor['role']; unitId?: string | undefined }): Actor {
  return { id: user.id, name: user.name, role: user.role, unitId: user.unitId ?? 'centre' };
}
