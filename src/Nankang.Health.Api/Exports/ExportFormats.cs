using Microsoft.AspNetCore.Mvc;

namespace Nankang.Health.Api.Exports;

/// <summary>
/// The formats a route can answer in besides JSON (<c>?format=</c>), as endpoint metadata; <see cref="WithoutJson"/> for a
/// route that has no JSON answer at all (the slip: HTML or PDF).
/// </summary>
public sealed record ExportFormats(params string[] Formats)
{
    public bool WithoutJson { get; init; }
}

/// <summary>
/// One check of <c>?format=</c> for every route: compared ignoring case; a route answers only the formats its
/// <see cref="ExportFormats"/> names (and <c>json</c>, which every route has), anything else is a 400 that names them,
/// never a silent JSON answer to a caller that asked for a file.
/// </summary>
public static class FormatCheck
{
    public const string Json = "json";

    public static TBuilder WithExportFormats<TBuilder>(this TBuilder builder, params string[] formats)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ExportFormats(formats));

    /// <summary>The asked format in lower case, or null when none was asked.</summary>
    public static string? Normalize(string? format) => string.IsNullOrWhiteSpace(format) ? null : format.Trim().ToLowerInvariant();

    public static IApplicationBuilder UseFormatCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (Normalize(http.Request.Query["format"]) is not { } format || http.GetEndpoint() is not { } endpoint)
        {
            await next(http);
            return;
        }

        var declared = endpoint.Metadata.GetMetadata<ExportFormats>();
        string[] formats = declared is { WithoutJson: true } ? declared.Formats : [Json, .. declared?.Formats ?? []];
        if (formats.Contains(format, StringComparer.Ordinal))
        {
            await next(http);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { ["format"] = [$"must be one of: {string.Join(", ", formats)}."] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid.",
                Detail = $"This route answers in {string.Join(", ", formats)}; nothing else is produced.",
            },
        });
    });
}
