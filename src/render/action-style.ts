import type { ActionType } from '../model/plan.js';

export type StyleColor = 'green' | 'yellow' | 'red' | 'dim';

export interface ActionStyle {
  /** The sign users know from other plan tools. */
  symbol: string;
  /** Sign used in a markdown ```diff block, where only +, - and ! lines are coloured. */
  diffSymbol: string;
  color: StyleColor;
  /** Shown after the resource for the kinds of change that are more than an API call. */
  marker?: string;
  /** `will be created` */
  verb: string;
}

/** How each action type looks, in every renderer. */
export const ACTION_STYLE: Record<ActionType, ActionStyle> = {
  create: { symbol: '+', diffSymbol: '+', color: 'green', verb: 'will be created' },
  update: { symbol: '~', diffSymbol: '!', color: 'yellow', verb: 'will be updated in place' },
  'stop-modify-start': {
    symbol: '~',
    diffSymbol: '!',
    color: 'yellow',
    marker: '[stop-modify-start]',
    verb: 'will be stopped, modified and started',
  },
  'rolling-refresh': {
    symbol: '~',
    diffSymbol: '!',
    color: 'yellow',
    marker: '[rolling refresh]',
    verb: 'will get a new launch template version and an instance refresh',
  },
  replace: { symbol: '-/+', diffSymbol: '-/+', color: 'red', marker: '[replace]', verb: 'will be replaced' },
  delete: { symbol: '-', diffSymbol: '-', color: 'red', verb: 'will be destroyed' },
  'no-op': { symbol: ' ', diffSymbol: ' ', color: 'dim', verb: 'is unchanged' },
};
