/**
 * Writes the successive bodies of one answer comment: progress at most every `everyMs` (the
 * latest body wins; GitHub's secondary rate limits punish bursts of edits), the final body
 * always, after any write in progress, so an older body never overwrites a newer one.
 */
export interface CommentWriter {
  /** A progress body: written soon, unless a newer one comes first. */
  progress(body: string): void;
  /** The final body: waits for a write in progress, drops pending progress, writes this. */
  final(body: string): Promise<void>;
}

/** @example const w = createCommentWriter((body) => gh.updateComment(id, body), 3_000); w.progress(working); await w.final(answer); */
export function createCommentWriter(write: (body: string) => Promise<void>, everyMs: number, onError: (e: unknown) => void = () => undefined): CommentWriter {
  let chain: Promise<void> = Promise.resolve();
  let pending: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastWrite = 0;
  let done = false;

  const enqueue = (body: string): Promise<void> => {
    chain = chain.then(async () => {
      lastWrite = Date.now();
      await write(body);
    });
    return chain;
  };
  const flush = (): void => {
    timer = undefined;
    if (pending === undefined || done) return;
    const body = pending;
    pending = undefined;
    enqueue(body).catch(onError);
  };

  return {
    progress(body) {
      if (done) return;
      pending = body;
      if (timer) return;
      timer = setTimeout(flush, Math.max(0, lastWrite + everyMs - Date.now()));
    },
    async final(body) {
      done = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
      // A failed progress write must not keep the answer from being written.
      chain = chain.catch(() => undefined);
      await enqueue(body);
    },
  };
}
