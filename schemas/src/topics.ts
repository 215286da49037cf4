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
