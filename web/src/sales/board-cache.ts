import type { Board, Card } from './sales-api';

/**
 * The board as it will be once `card` has moved from one column to another: the card in its new
 * column at its place by expected close, counts and totals (per currency, weighted by each stage's
 * probability) moved with it. Shown at once; the server's board replaces it when the move is saved.
 */
export function moveCard(board: Board, card: Card, fromStageId: string, toStageId: string): Board {
  const cents = (n: number) => Math.round(n * 100);
  return {
    ...board,
    columns: board.columns.map((column) => {
      const sign = column.stage.id === fromStageId ? -1 : column.stage.id === toStageId ? 1 : 0;
      if (sign === 0) return column;
      const items =
        sign < 0
          ? column.items.filter((i) => i.id !== card.id)
          : [...column.items, card].sort((a, b) =>
              a.expectedClose === b.expectedClose
                ? a.id < b.id
                  ? -1
                  : 1
                : a.expectedClose < b.expectedClose
                  ? -1
                  : 1,
            );
      const totals = column.totals.some((t) => t.currency === card.currency)
        ? column.totals
        : [...column.totals, { currency: card.currency, count: 0, amount: 0, weightedAmount: 0 }];
      return {
        ...column,
        items,
        count: column.count + sign,
        totals: totals
          .map((t) => {
            if (t.currency !== card.currency) return t;
            const amount = (cents(t.amount) + sign * cents(card.amount)) / 100;
            return {
              ...t,
              count: t.count + sign,
              amount,
              weightedAmount: Math.round((cents(amount) * column.stage.probability) / 100) / 100,
            };
          })
          .filter((t) => t.count > 0),
      };
    }),
  };
}
