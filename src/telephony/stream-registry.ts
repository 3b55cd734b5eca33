/**
 * The open live streams of one server process, by workspace and user: the one place that knows how
 * many streams a user or a workspace has open (where a cap on them belongs).
 */
export class StreamRegistry<T> {
  readonly #byUser = new Map<string, Set<T>>();
  readonly #byWorkspace = new Map<string, number>();

  /** Adds a stream; returns the function that removes it (once). */
  add(workspaceId: string, userId: string, stream: T): () => void {
    const key = keyOf(workspaceId, userId);
    const set = this.#byUser.get(key) ?? new Set<T>();
    set.add(stream);
    this.#byUser.set(key, set);
    this.#byWorkspace.set(workspaceId, (this.#byWorkspace.get(workspaceId) ?? 0) + 1);
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      set.delete(stream);
      if (set.size === 0 && this.#byUser.get(key) === set) this.#byUser.delete(key);
      const left = (this.#byWorkspace.get(workspaceId) ?? 1) - 1;
      if (left > 0) this.#byWorkspace.set(workspaceId, left);
      else this.#byWorkspace.delete(workspaceId);
    };
  }

  /** The streams of one user (a copy: safe to iterate while streams come and go). */
  of(workspaceId: string, userId: string): T[] {
    return [...(this.#byUser.get(keyOf(workspaceId, userId)) ?? [])];
  }

  countOfUser(workspaceId: string, userId: string): number {
    return this.#byUser.get(keyOf(workspaceId, userId))?.size ?? 0;
  }

  countOfWorkspace(workspaceId: string): number {
    return this.#byWorkspace.get(workspaceId) ?? 0;
  }

  /** Every user with an open stream. */
  users(): { workspaceId: string; userId: string }[] {
    return [...this.#byUser.keys()].map((key) => {
      const [workspaceId = '', userId = ''] = key.split('/');
      return { workspaceId, userId };
    });
  }

  /** Removes every stream and returns them (server shutdown). */
  drain(): T[] {
    const all = [...this.#byUser.values()].flatMap((set) => [...set]);
    this.#byUser.clear();
    this.#byWorkspace.clear();
    return all;
  }
}

export const keyOf = (workspaceId: string, userId: string) => `${workspaceId}/${userId}`;
