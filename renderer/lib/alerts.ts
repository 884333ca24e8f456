/** Attention for urgent cases: a short Web Audio beep and a desktop notification (when permitted). */

let ctx: AudioContext | null = null;

/** Two short tones; silently does nothing where audio is unavailable or not yet allowed. */
export function beep(): void {
  try {
    const AC = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
    if (!AC) return;
    ctx ??= new AC();
    const c = ctx;
    if (c.state === 'suspended') void c.resume();
    [0, 0.25].forEach((offset) => {
      const osc = c.createOscillator();
      const gain = c.createGain();
      osc.type = 'sine';
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, c.currentTime + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, c.currentTime + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, c.currentTime + offset + 0.18);
      osc.connect(gain).connect(c.destination);
      osc.start(c.currentTime + offset);
      osc.stop(c.currentTime + offset + 0.2);
    });
  } catch {
    /* audio is a courtesy, never an error */
  }
}

export function desktopNotify(title: string, body: string, onClick?: () => void): void {
  const N = (globalThis as { Notification?: typeof Notification }).Notification;
  if (!N || N.permission !== 'granted') return;
  try {
    const n = new N(title, { body, tag: title });
    if (onClick)
      n.onclick = () => {
        window.focus();
        onClick();
      };
  } catch {
    /* some hosts forbid constructing notifications */
  }
}

export function notificationPermission(): NotificationPermission | 'unsupported' {
  const N = (globalThis as { Notification?: typeof Notification }).Notification;
  return N ? N.permission : 'unsupported';
}

export async function requestNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  const N = (globalThis as { Notification?: typeof Notification }).Notification;
  if (!N) return 'unsupported';
  return N.requestPermission();
}
