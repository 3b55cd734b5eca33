import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { SelectField } from '../ui/Field';
import { Panel, PanelEmpty } from '../ui/Panel';
import { Spinner } from '../ui/Spinner';
import { ChannelIcon, channelLabel } from './ChannelIcon';
import type { TimelineItem } from '../../../src/interactions/index';
import { CHANNELS } from '../lib/vocabulary';
import { type Customer360, NO_TIMELINE_FILTER, type TimelineFilter, timelineQuery } from './customer-api';
import { formatDateTime, formatDuration, humanise } from './format';

const LOAD_AHEAD_PX = 300;
const TYPES = ['call', 'email', 'chat', 'visit', 'purchase', 'page_view', 'sms', 'meeting'];

/**
 * Every interaction of the person across channels, newest first, filtered by channel and type;
 * the next page loads when the end of the list scrolls into view (or with the button).
 */
export function Timeline({ personId, latest }: { personId: string; latest: Customer360['interactions'] }) {
  const [filter, setFilter] = useState<TimelineFilter>(NO_TIMELINE_FILTER);
  const timeline = useInfiniteQuery(timelineQuery(personId, filter));
  const unfiltered = !filter.channel && !filter.type;
  // Until the first page arrives, the 360's latest interactions stand in (the page needs one round trip).
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? (unfiltered ? latest : []);
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;

  // Load the next page once the end of the list is near or passed, however fast the page scrolls.
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage || isFetchingNextPage) return;
    let frame = 0;
    const check = () => {
      frame = 0;
      if (node.getBoundingClientRect().top < window.innerHeight + LOAD_AHEAD_PX) void fetchNextPage();
    };
    const schedule = () => {
      if (!frame) frame = window.requestAnimationFrame(check);
    };
    check();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      window.cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
    };
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <Panel
      title="Timeline"
      testId="timeline"
      busy={timeline.isPending}
      actions={
        <div className="timeline__filters">
          <SelectField
            label="Channel"
            value={filter.channel}
            onChange={(e) => setFilter((f) => ({ ...f, channel: e.target.value }))}
            options={[
              { value: '', label: 'All channels' },
              ...CHANNELS.map((c) => ({ value: c, label: channelLabel(c) })),
            ]}
            fieldClassName="field--inline"
          />
          <SelectField
            label="Type"
            value={filter.type}
            onChange={(e) => setFilter((f) => ({ ...f, type: e.target.value }))}
            options={[
              { value: '', label: 'All types' },
              ...TYPES.map((t) => ({ value: t, label: humanise(t) })),
            ]}
            fieldClassName="field--inline"
          />
        </div>
      }
    >
      {timeline.isPending && items.length === 0 ? <Spinner label="Loading the timeline…" /> : null}
      {timeline.isError ? (
        <p className="alert alert--error" role="alert">
          Could not load the timeline: {errorMessage(timeline.error)}
        </p>
      ) : null}
      {items.length === 0 && (timeline.isSuccess || (timeline.isPending && unfiltered)) ? (
        <PanelEmpty>
          {filter.channel || filter.type ? 'Nothing matches these filters.' : 'No interactions yet.'}
        </PanelEmpty>
      ) : null}
      {items.length > 0 ? (
        <ol className="timeline" aria-label="Interactions, newest first">
          {items.map((item) => (
            <TimelineEntry key={item.id} item={item} />
          ))}
        </ol>
      ) : null}
      <div ref={sentinel} />
      {hasNextPage ? (
        <Button variant="ghost" onClick={() => void fetchNextPage()} busy={isFetchingNextPage}>
          {isFetchingNextPage ? 'Loading…' : 'Load older interactions'}
        </Button>
      ) : null}
    </Panel>
  );
}

/** An interaction of the timeline, or one of the latest the 360 carries. */
type Entry = TimelineItem | Customer360['interactions'][number];

function TimelineEntry({ item }: { item: Entry }) {
  const duration = formatDuration(item.durationSeconds);
  const detail = item.subject || item.summary || describeMetadata(item.metadata);
  return (
    <li className="timeline__item" data-testid="timeline-item">
      <ChannelIcon channel={item.channel} />
      <div className="timeline__body">
        <p className="timeline__title">
          <strong>{humanise(item.type)}</strong>
          <span className="timeline__meta">
            {' '}
            · {channelLabel(item.channel)} · {item.direction}
            {duration ? ` · ${duration}` : ''}
          </span>
        </p>
        {detail ? <p className="timeline__detail">{detail}</p> : null}
        {item.subject && item.summary ? <p className="timeline__detail">{item.summary}</p> : null}
      </div>
      <time className="timeline__time" dateTime={item.occurredAt}>
        {formatDateTime(item.occurredAt)}
      </time>
    </li>
  );
}

function describeMetadata(metadata: Record<string, unknown>): string | null {
  if (typeof metadata.path === 'string') return `Viewed ${metadata.path}`;
  if (typeof metadata.store === 'string') return `At ${metadata.store}`;
  return null;
}
