using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Nankang.Health.Application.Common;

namespace Nankang.Health.Api.Http;

/// <summary>
/// Turns a body that cannot be read (malformed JSON, a wrong type, an amount with three decimals, an unknown enum value)
/// into a 400 validation problem keyed by the JSON path of the field; a database outage into a 503 naming its cause
/// (<see cref="Outages"/>); anything else into a bare 500 problem.
/// </summary>
public sealed partial class BodyProblemHandler(IProblemDetailsService problems, ILogger<BodyProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            var (path, message) = bad.InnerException is JsonException json
                ? (JsonPath(json.Path), FirstSentence(json))
                : BoundParameter().Match(bad.Message) is { Success: true } parameter
                    ? (parameter.Groups["name"].Value, "has a value of the wrong type or format.")
                    : RequiredParameter().Match(bad.Message) is { Success: true } missing
                    ? (missing.Groups["name"].Value, "is required.")
                    : ("body", bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "the body is too large." : "the body is missing or not JSON of the expected shape.");
            context.Response.StatusCode = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [path] = [message] })
                {
                    Status = context.Response.StatusCode,
                    Title = "The request is not valid.",
                    Detail = "See errors: each key is the JSON path of a field.",
                },
            });
        }

        if (exception is ServiceStoppingException)
        {
            logger.LogWarning("Refused {Method} {Path}: the service is shutting down", context.Request.Method, context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = Outages.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers.Connection = "close";
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = 503,
                    Title = ShuttingDownTitle,
                    Detail = $"Nothing was written. Retry after {Outages.RetryAfterSeconds} seconds (a settlement with the same Idempotency-Key: it is booked once).",
                },
            });
        }

        if (Outages.Classify(exception) is { } cause)
        {
            logger.LogWarning(exception, "Database outage ({Cause}) on {Method} {Path}", Outages.Name(cause), context.Request.Method, context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = Outages.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = 503,
                    Title = Outages.Title(cause),
                    Detail = $"The request's transaction was rolled back. Retry after {Outages.RetryAfterSeconds} seconds (a settlement with the same Idempotency-Key: it is booked once).",
                    Extensions = { ["cause"] = Outages.Name(cause) },
                },
            });
        }

        logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = 500, Title = "An unexpected error occurred.", Detail = "Nothing was written. The error is logged with the trace id." },
        });
    }

    public const string ShuttingDownTitle = "The service is shutting down.";

    /// <summary><c>$.fees[2].amount</c> → <c>fees[2].amount</c>; the root → <c>body</c>.</summary>
    public static string JsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return trimmed.Length == 0 ? "body" : trimmed;
    }

    private static string FirstSentence(JsonException e)
    {
        // Our converters' messages are meant for callers; the framework's mention .NET types, so say it plainly.
        var message = e.Message;
        if (message.StartsWith("must ", StringComparison.Ordinal))
        {
            return message;
        }

        return e.Path is null or "$" ? "the body is not valid JSON of the expected shape." : "has a value of the wrong type or format.";
    }

    /// <summary>The framework's message for a query, route or header value it could not convert; the value itself is not used.</summary>
    [GeneratedRegex("""^Failed to bind parameter "(?:[^"]*\s)?(?<name>\w+)" from""", RegexOptions.CultureInvariant)]
    private static partial Regex BoundParameter();

    /// <summary>The framework's message for a required query value that was not sent.</summary>
    [GeneratedRegex("""^Required parameter "(?:[^"]*\s)?(?<name>\w+)" was not provided""", RegexOptions.CultureInvariant)]
    private static partial Regex RequiredParameter();
}
