/*
 * Seconds on the monotonic clock, for durations and deadlines (never
 * for timestamps shown to anyone).
 */
#ifndef SCH_CLOCK_H
#define SCH_CLOCK_H

double	clock_mono(void);

#endif /* SCH_CLOCK_H */
