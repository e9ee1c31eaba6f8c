/**
 * The look-back (回头看) window of a signed-off item: from its due day (or from the day the
 * unit was asked, if earlier) until a coordinator records the look-back. Photos reported in
 * it are look-back photos, compared with the photos the item was signed off on.
 */
import type { Day, ItemStatus } from "./types";

export interface LookbackFacts {
  status: ItemStatus;
  signedOffAt: Date | null;
  lookbackDue: Day | null;
  lookbackAskedAt: Date | null;
  lookbackAt: Date | null;
}

export function inLookbackWindow(f: LookbackFacts, today: Day): boolean {
  if (f.status !== "signed_off" || !f.signedOffAt) return false;
  // A look-back recorded after this sign-off closed it; one before belongs to an earlier closure.
  if (f.lookbackAt && f.lookbackAt > f.signedOffAt) return false;
  return f.lookbackAskedAt !== null || (f.lookbackDue !== null && f.lookbackDue <= today);
}
