namespace Nankang.Health.Application.Common;

/// <summary>
/// The service is shutting down and takes no more work: nothing of the request was written. Answered 503 with
/// <c>Retry-After</c>; a settlement retried with the same Idempotency-Key is booked once.
/// </summary>
public sealed class ServiceStoppingException() : Exception("The service is shutting down.");
