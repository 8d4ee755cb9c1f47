import { isTopicName, type TopicName } from '@city/contracts';

/** Maps the contracts' logical topic names to the Kafka topics (tests add a random prefix/suffix). */
export interface TopicNamer {
  physical(topic: TopicName): string;
  logical(physical: string): TopicName | undefined;
}

export function createTopicNamer(prefix = '', suffix = ''): TopicNamer {
  return {
    physical: (topic) => `${prefix}${topic}${suffix}`,
    logical: (physical) => {
      if (!physical.startsWith(prefix) || !physical.endsWith(suffix)) return undefined;
      const name = physical.slice(prefix.length, physical.length - suffix.length);
      return isTopicName(name) ? name : undefined;
    },
  };
}
