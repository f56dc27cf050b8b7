// Sending one of the typed messages of shared/messages.ts and checking the reply's shape. A
// refusal carries the service worker's reason, which becomes the error's message.

import { envelope, isRefusal, type MessageDef } from '../shared/messages.ts';

export async function send<K extends string, Q, S>(def: MessageDef<K, Q, S>, body: Q): Promise<S> {
  const reply: unknown = await chrome.runtime.sendMessage(envelope(def, body));
  if (isRefusal(reply)) throw new Error(reply.refused);
  if (!def.response(reply)) throw new Error(`Second Shot: the reply to "${def.type}" was malformed`);
  return reply;
}
