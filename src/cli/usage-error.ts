/** A command line that asks for something impossible (flags that go together, a value out of range). */
export class UsageError extends Error {}
