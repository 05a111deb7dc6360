import { PlaidApiError } from "../errors";
import { type MfaSpec } from "../sandbox-users";

// The multi-factor steps of Plaid's sandbox (`user_good` + an `mfa_*` password), as the Link UI
// shows them: a device to send a code to and the code (1234), rounds of questions
// (`answer_<round>_<question>`), or rounds of selections ("Yes", or `answer_<round>_<question>_0`).
// A wrong answer is INVALID_MFA and the same step is asked again.

export interface MfaState {
  spec: MfaSpec;
  /** 1-based round; for a device flow, 1 = choose the device, 2 = enter the code. */
  round: number;
}

export type MfaChallenge =
  | { type: "device"; devices: { id: string; label: string }[] }
  | { type: "code"; device: string }
  | { type: "questions"; round: number; questions: { text: string }[] }
  | { type: "selections"; round: number; questions: { text: string; options: string[] }[] };

const DEVICES = [
  { id: "phone", label: "Text a code to (•••) •••-5309" },
  { id: "email", label: "Email a code to t•••@example.com" },
];
export const SANDBOX_MFA_CODE = "1234";

const QUESTION_TEXTS = [
  "What was the name of your first pet?",
  "In which city were you born?",
  "What was your childhood nickname?",
  "What is your favourite book?",
  "What was the make of your first car?",
  "What street did you grow up on?",
  "What is your mother's maiden name?",
  "What was your first job?",
  "What is your favourite food?",
];

/** The step the user is on. */
export function mfaChallenge(state: MfaState): MfaChallenge {
  const { spec, round } = state;
  switch (spec.type) {
    case "device":
      return round === 1 ? { type: "device", devices: DEVICES } : { type: "code", device: DEVICES[0]?.label ?? "" };
    case "questions":
      return {
        type: "questions",
        round,
        questions: Array.from({ length: spec.perRound }, (_, j) => ({ text: `Question ${round}.${j + 1}: ${QUESTION_TEXTS[j] ?? "Security question"}` })),
      };
    case "selections":
      if (spec.options === 0) return { type: "selections", round, questions: [{ text: "Did you recently open a Plaid Saving account?", options: ["Yes", "No"] }] };
      return {
        type: "selections",
        round,
        questions: Array.from({ length: spec.perRound }, (_, j) => ({
          text: `Question ${round}.${j + 1}: Which of these is yours?`,
          options: Array.from({ length: spec.options }, (_unused, k) => `answer_${round}_${j + 1}_${k}`),
        })),
      };
  }
}

function expectedAnswers(state: MfaState): string[] {
  const { spec, round } = state;
  switch (spec.type) {
    case "device":
      return [SANDBOX_MFA_CODE];
    case "questions":
      return Array.from({ length: spec.perRound }, (_, j) => `answer_${round}_${j + 1}`);
    case "selections":
      return spec.options === 0 ? ["Yes"] : Array.from({ length: spec.perRound }, (_, j) => `answer_${round}_${j + 1}_0`);
  }
}

function roundsOf(spec: MfaSpec): number {
  return spec.type === "device" ? 2 : spec.rounds;
}

/**
 * Checks one step's input and moves on: true when every round is answered. Throws INVALID_MFA
 * for a wrong answer (the state stays on the same step, so the user can try again).
 */
export function answerMfa(state: MfaState, input: { device?: string; answers?: string[] }): boolean {
  if (state.spec.type === "device" && state.round === 1) {
    if (!DEVICES.some((device) => device.id === input.device)) throw new PlaidApiError("INVALID_FIELD", "device: choose one of the listed devices");
  } else {
    const expected = expectedAnswers(state);
    const given = (input.answers ?? []).map((answer) => answer.trim());
    if (given.length !== expected.length || expected.some((answer, i) => given[i] !== answer)) throw new PlaidApiError("INVALID_MFA");
  }
  state.round += 1;
  return state.round > roundsOf(state.spec);
}

/** Link's exit status while this step is open. */
export function mfaExitStatus(challenge: MfaChallenge): string {
  return { device: "choose_device", code: "requires_code", questions: "requires_questions", selections: "requires_selections" }[challenge.type];
}
