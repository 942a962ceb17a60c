// Owns what a Remove plan amounts to as a whole (the dialog's summary and its confirm button).
import type { RemovePlan, RemovePlanItem } from '../../../../shared/contract';

/** Whether a plan item is refused: a message from the engine's rules or a container in the way. */
export const isRefused = (item: RemovePlanItem): boolean => item.message !== undefined || item.conflict !== undefined;

/** Nothing would be untagged or deleted: every item is refused (or the plan is empty). */
export function planRemovesNothing(plan: RemovePlan): boolean {
  return plan.items.every((i) => isRefused(i) || (i.untag.length === 0 && i.delete.length === 0));
}
