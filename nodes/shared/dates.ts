const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Returns the offset of a time zone from UTC, in milliseconds, at the given instant. */
function zoneOffsetMs(timeZone: string, instant: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(instant));
	const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);
	const asUtc = Date.UTC(
		field('year'),
		field('month') - 1,
		field('day'),
		field('hour'),
		field('minute'),
		field('second'),
	);
	return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * Converts an ISO-8601 date or date-time to UTC with milliseconds, as the API spells timestamps.
 *
 * A value without an offset (what n8n's date picker produces) is read in `timeZone`, the
 * workflow's time zone. Returns undefined when the value is not an ISO-8601 date.
 */
export function toUtcIsoString(value: string, timeZone: string): string | undefined {
	const match = ISO_DATE_TIME.exec(value.trim());
	if (!match) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0', zone] = match;
	const wallClock = Date.UTC(
		Number(year),
		Number(month) - 1,
		Number(day),
		Number(hour),
		Number(minute),
		Number(second),
		Math.floor(Number(`0.${fraction}`) * 1000),
	);
	const check = new Date(wallClock);
	if (check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day)) {
		return undefined;
	}
	if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;

	let instant: number;
	if (zone === undefined) {
		// Two passes settle the offset at daylight-saving boundaries.
		const firstGuess = wallClock - zoneOffsetMs(timeZone, wallClock);
		instant = wallClock - zoneOffsetMs(timeZone, firstGuess);
	} else if (zone.toUpperCase() === 'Z') {
		instant = wallClock;
	} else {
		const sign = zone.startsWith('-') ? -1 : 1;
		const digits = zone.slice(1).replace(':', '');
		const offsetMs = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
		instant = wallClock - sign * offsetMs;
	}
	return new Date(instant).toISOString();
}
