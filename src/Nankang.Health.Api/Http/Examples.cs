using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Nankang.Health.Api.Http;

/// <summary>
/// The examples of the OpenAPI document, keyed by operation id and then <c>request</c> or the response status
/// (<c>OpenApiExamples.json</c>, embedded). Problem responses share one example per status. OpenApiContractTests checks
/// that every operation has its examples and that each is valid against its own schema.
/// </summary>
public static class Examples
{
    private static readonly JsonObject All = Load();

    /// <summary>The request body examples as text, by operation id (also used by the tests to call every route).</summary>
    public static readonly IReadOnlyDictionary<string, string> Bodies = All
        .Where(o => o.Value?["request"] is not null)
        .ToDictionary(o => o.Key, o => o.Value!["request"]!.ToJsonString());

    /// <summary>The example of a request body; one that is not JSON is under <c>"request text/csv"</c>.</summary>
    public static JsonNode? Request(string operationId, string mediaType) => Find(operationId, "request", mediaType);

    /// <summary>The example of a success response; one that is not JSON is under <c>"200 text/csv"</c>.</summary>
    public static JsonNode? Response(string operationId, int status, string mediaType) =>
        Find(operationId, status.ToString(CultureInfo.InvariantCulture), mediaType);

    /// <summary>Plain JSON is under the bare key; any other media type (CSV, HTML, FHIR's <c>application/fhir+json</c>) under <c>"{key} {media type}"</c>.</summary>
    private static JsonNode? Find(string operationId, string key, string mediaType) =>
        (mediaType.Contains("json", StringComparison.Ordinal) && !mediaType.Contains("fhir", StringComparison.Ordinal)
            ? All[operationId]?[key]
            : All[operationId]?[$"{key} {mediaType}"])?.DeepClone();

    /// <summary>A problem as the service writes it for <paramref name="status"/>.</summary>
    public static JsonNode Problem(int status)
    {
        var problem = new JsonObject
        {
            ["type"] = $"https://tools.ietf.org/html/rfc9110#section-{Section(status)}",
            ["title"] = Title(status),
            ["status"] = status,
            ["detail"] = Detail(status),
        };
        if (status == StatusCodes.Status400BadRequest)
        {
            problem["errors"] = new JsonObject { ["fees[0].amount"] = new JsonArray("is required.") };
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            problem["cause"] = "databaseUnavailable";
        }

        problem["traceId"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        return problem;
    }

    private static string Title(int status) => status switch
    {
        400 => "The request is not valid.",
        404 => "Not found.",
        403 => "Forbidden.",
        409 => "Conflict.",
        413 => "The request body is too large.",
        422 => "The request cannot be processed.",
        429 => "Too many requests.",
        503 => "The database is unavailable.",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };

    private static string Detail(int status) => status switch
    {
        400 => "See errors: each key is the JSON path of a field.",
        401 => "Send a valid API key in the X-Api-Key header.",
        403 => "This key may not act for another hospital.",
        404 => "No settlement S0190f3a2c1d47b8e9a6b5c4d3e2f1a0b.",
        409 => "This visit already has an active settlement; void it first to settle again.",
        413 => "Bodies are limited to 4 MB. Nothing was done.",
        415 => "Send the body as application/json.",
        422 => "No policy covers the discharge date 2019-12-31.",
        429 => "This API key has exceeded its rate limit; retry after 1 s. Nothing was done.",
        503 => "The request's transaction was rolled back. Retry after 5 seconds (a settlement with the same Idempotency-Key: it is booked once).",
        _ => "See the operation's description.",
    };

    private static string Section(int status) => status switch
    {
        400 => "15.5.1",
        401 => "15.5.2",
        403 => "15.5.4",
        404 => "15.5.5",
        409 => "15.5.10",
        413 => "15.5.14",
        415 => "15.5.16",
        422 => "15.5.21",
        429 => "15.5.21",
        503 => "15.6.4",
        _ => "15",
    };

    private static JsonObject Load()
    {
        using var stream = typeof(Examples).Assembly.GetManifestResourceStream("Nankang.Health.Api.Http.OpenApiExamples.json")
            ?? throw new InvalidOperationException("OpenApiExamples.json is not embedded in the API assembly.");
        return JsonNode.Parse(stream)!.AsObject();
    }
}
