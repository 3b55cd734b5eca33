import { describe, expect, it } from 'vitest';
import { moveCard } from './board-cache';
import type { Board, Card } from './sales-api';

const card = (id: string, expectedClose: string, amount: number, currency = 'EUR'): Card => ({
  id,
  name: id,
  amount,
  currency,
  expectedClose,
  ownerId: null,
  personId: null,
  accountId: null,
  nextStep: null,
  stageEnteredAt: '2030-01-01T00:00:00.000Z',
});

const stage = (id: string, probability: number) => ({ id, name: id, position: 0, probability });

describe('a card moved on the board before the server answers', () => {
  const a = card('a', '2030-01-10', 100);
  const b = card('b', '2030-01-20', 50.5);
  const c = card('c', '2030-01-15', 10, 'USD');
  const board: Board = {
    pipeline: { id: 'p', name: 'Sales', isDefault: true },
    columns: [
      {
        stage: stage('one', 10),
        count: 2,
        totals: [{ currency: 'EUR', count: 2, amount: 150.5, weightedAmount: 15.05 }],
        items: [a, b],
        nextCursor: null,
      },
      {
        stage: stage('two', 50),
        count: 1,
        totals: [{ currency: 'USD', count: 1, amount: 10, weightedAmount: 5 }],
        items: [c],
        nextCursor: null,
      },
    ],
  };

  it('leaves its column, joins the other at its place by close date, and moves its amount', () => {
    const moved = moveCard(board, a, 'one', 'two');
    const [one, two] = moved.columns;
    expect(one?.items.map((i) => i.id)).toEqual(['b']);
    expect(one?.count).toBe(1);
    expect(one?.totals).toEqual([{ currency: 'EUR', count: 1, amount: 50.5, weightedAmount: 5.05 }]);
    expect(two?.items.map((i) => i.id)).toEqual(['a', 'c']);
    expect(two?.count).toBe(2);
    expect(two?.totals).toEqual([
      { currency: 'USD', count: 1, amount: 10, weightedAmount: 5 },
      { currency: 'EUR', count: 1, amount: 100, weightedAmount: 50 },
    ]);
  });

  it('drops a currency from a column when its last card leaves', () => {
    const moved = moveCard(board, c, 'two', 'one');
    expect(moved.columns[1]?.totals).toEqual([]);
    expect(moved.columns[0]?.items.map((i) => i.id)).toEqual(['a', 'c', 'b']);
  });
});
