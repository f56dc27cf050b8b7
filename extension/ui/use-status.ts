// The popup's and the options page's view of the service worker's state, re-read on demand.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { StatusGet, type StatusReply } from '../../shared/messages.ts';
import { send } from '../messaging.ts';

export function useStatus(): { status: StatusReply | null; error: string | null; refresh: () => void } {
  const [status, setStatus] = useState<StatusReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    send(StatusGet, {}).then(
      (reply) => {
        setStatus(reply);
        setError(null);
      },
      (problem: unknown) => setError(problem instanceof Error ? problem.message : String(problem)),
    );
  }, []);
  useEffect(refresh, [refresh]);
  return { status, error, refresh };
}
