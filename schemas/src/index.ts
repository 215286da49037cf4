export { Topics, dlqTopicFor } from './topics';
export type { TopicName } from './topics';
