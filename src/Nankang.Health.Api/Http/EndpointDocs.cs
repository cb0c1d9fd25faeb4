using Microsoft.AspNetCore.Authorization;

namespace Nankang.Health.Api.Http;

/// <summary>The success statuses an operation answers, as declared by its endpoint (200 when none is declared).</summary>
public sealed record DocumentedSuccess(IReadOnlyList<int> Statuses);

/// <summary>The problem statuses an endpoint's handler returns itself (the pipeline's own are added by <see cref="EndpointDocs.Statuses"/>).</summary>
public sealed record DocumentedErrors(IReadOnlyList<int> Statuses);

/// <summary>
/// Endpoint metadata for the OpenAPI document. An endpoint declares what its handler answers (<see cref="Answers"/>,
/// <see cref="ProducesErrors"/>); the statuses every request may meet on the way (401 without a key, 403 on bureau-only
/// routes, 400/413/415 for a body, 429 from the rate limiter, 503 in an outage) are added from the endpoint's shape, so no endpoint forgets them.
/// </summary>
public static class EndpointDocs
{
    /// <summary>The success statuses of an operation, e.g. <c>Answers(201, 200)</c> for a create that replays with 200.</summary>
    public static RouteHandlerBuilder Answers(this RouteHandlerBuilder builder, params int[] statuses) =>
        builder.WithMetadata(new DocumentedSuccess(statuses));

    /// <summary>The problem-details statuses the handler itself returns (400 for its own validation, 404, 409, 422 ...).</summary>
    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder builder, params int[] statuses) =>
        builder.WithMetadata(new DocumentedErrors(statuses));

    /// <summary>The fixed values of a string route or query parameter, so that the document shows them as an enum.</summary>
    public static RouteHandlerBuilder Values(this RouteHandlerBuilder builder, string parameter, params string[] values) =>
        builder.WithMetadata(new ParameterValues(parameter, values));

    /// <summary>Every status an endpoint answers: declared successes, declared problems and those of the pipeline.</summary>
    public static (SortedSet<int> Success, SortedSet<int> Errors) Statuses(IEnumerable<object> metadata, bool hasBody)
    {
        var all = metadata.ToList();
        var success = new SortedSet<int>(all.OfType<DocumentedSuccess>().LastOrDefault()?.Statuses ?? [StatusCodes.Status200OK]);
        var errors = new SortedSet<int>(all.OfType<DocumentedErrors>().SelectMany(e => e.Statuses));
        var authorize = all.OfType<IAuthorizeData>().ToList();
        if (authorize.Count > 0)
        {
            errors.Add(StatusCodes.Status401Unauthorized);
        }

        if (authorize.Any(a => a.Policy == Policies.Bureau))
        {
            errors.Add(StatusCodes.Status403Forbidden);
        }

        if (hasBody)
        {
            // A body that is not JSON of the expected shape (400), too large (413) or of another media type (415).
            errors.UnionWith([StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
        }

        // The rate limiter is global: any request may be refused with 429. Every operation reads or writes the database, so any
        // may meet an outage: 503 with Retry-After and the cause (docs/operations.md).
        errors.UnionWith([StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable]);
        return (success, errors);
    }
}
