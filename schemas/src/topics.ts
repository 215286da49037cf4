import type { NewswindowEventType } from './events';

/** Kafka topics of newswindow. One source of truth for producers, consumers and tests. */
export const Topics = {
  newsRaw: 'news.raw',
  marketBars: 'market.bars',
  marketTicks: 'market.ticks',
  eventWindowAlerts: 'alerts.event-window',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** The dead-letter topic that receives the messages of `topic` that failed validation. */
export const dlqTopicFor = (topic: string): string => `${topic}.dlq`;

/** Dead-letter topics of the input topics. */
export const DlqTopics = {
  newsRaw: dlqTopicFor(Topics.newsRaw),
  marketBars: dlqTopicFor(Topics.marketBars),
  marketTicks: dlqTopicFor(Topics.marketTicks),
} as const;

/** The event types a consumer of each topic accepts (pass to `parseEvent` / `parseEventJson`). */
export const TOPIC_EVENT_TYPES: { readonly [T in TopicName]: readonly NewswindowEventType[] } = {
  'news.raw': ['NewsPublished', 'NewsCorrected', 'NewsRetracted'],
  'market.bars': ['PriceBarClosed'],
  'market.ticks': ['TradeTicked'],
  'alerts.event-window': ['EventWindowAlert'],
};
