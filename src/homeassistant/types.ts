/** A Home Assistant state object as `/api/states` returns it. */
export interface HaState {
  readonly entity_id: string;
  readonly state: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly last_changed?: string;
  readonly last_updated?: string;
  readonly last_reported?: string;
}

/** The parts of `/api/config` the bridge reads. */
export interface HaConfig {
  readonly unit_system?: { readonly temperature?: string };
  readonly version?: string;
  readonly components?: readonly string[];
  readonly location_name?: string;
  readonly external_url?: string | null;
  readonly [key: string]: unknown;
}

export type ServiceData = Readonly<Record<string, unknown>>;

export interface ConversationRequest {
  readonly text: string;
  readonly language?: string;
  readonly conversation_id?: string;
  readonly agent_id?: string;
}

/** `/api/conversation/process` answer (`ConversationResult.as_dict()`). */
export interface ConversationResult {
  readonly response?: {
    readonly speech?: { readonly plain?: { readonly speech?: string } };
    readonly reprompt?: { readonly plain?: { readonly speech?: string } };
    readonly response_type?: string;
    readonly language?: string;
    readonly data?: Readonly<Record<string, unknown>>;
  };
  readonly conversation_id?: string | null;
  readonly continue_conversation?: boolean;
}

/** One HTTP call to Home Assistant, as it appears in the invocation's log line (never with the token). */
export interface HaCallRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number | null;
  readonly ms: number;
  readonly cached?: boolean;
  readonly error?: string;
}

/** Something that may be aborted once, with a reason: what an HTTP exchange listens to. */
export interface Abortable {
  /** Why it was aborted; undefined while it runs. */
  readonly abortReason: unknown;
  /** Calls `listener` once on abort; returns the function that removes it. */
  onAbort(listener: () => void): () => void;
}

/** The invocation's time budget, shared by every call it makes. */
export interface Deadline extends Abortable {
  /**
   * Aborted with the deadline, for APIs that take an `AbortSignal` (the doctor's probes). Made on
   * first read: the Home Assistant client listens through {@link Abortable.onAbort} instead, which
   * costs no `AbortController` per invocation.
   */
  readonly signal: AbortSignal;
  remainingMs(): number;
  readonly budgetMs: number;
}
