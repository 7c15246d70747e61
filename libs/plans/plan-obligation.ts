import type { IsoDate } from '../domain/dates';

/**
 * The task that carries a unit's obligation to issue its own plan implementing `plan`
 * (docs/decisions/0007-plans-and-imports.md): due on the obligation's date, sourced from the plan's
 * KH document, from the province (`ubnd_tinh`) when the root unit issued the plan. The issue
 * request checks it as an assignment; the plan's workflow starts it.
 */
export function obligationTaskSpec(
  plan: { symbol: string; isRootUnit: boolean },
  obligation: { unitId: string; dueDate: IsoDate },
) {
  return {
    title: `Ban hành kế hoạch triển khai Kế hoạch số ${plan.symbol}`,
    source: plan.isRootUnit ? 'ubnd_tinh' : 'noi_bo',
    sourceDocument: plan.symbol,
    leadUnitId: obligation.unitId,
    dueDate: obligation.dueDate,
  };
}
