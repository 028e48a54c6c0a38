// Waiting for a forked child's next reply of one type, shared by the estate server and the scan workers.
import type { ChildProcess } from 'node:child_process';

/**
 * The child's next message of `type` that `wanted` accepts; rejects if the child exits first (`who` names it
 * in the error).
 */
export function nextReply<Reply extends { type: string }, T extends Reply['type']>(
  child: ChildProcess,
  who: string,
  type: T,
  wanted: (reply: Extract<Reply, { type: T }>) => boolean = () => true,
): Promise<Extract<Reply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Reply) => {
      if (message.type !== type || !wanted(message as Extract<Reply, { type: T }>)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<Reply, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`${who} exited (code ${code}) before answering ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
