using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Nankang.Health.Api.Tests.Contract;

/// <summary>
/// The committed OpenAPI document (openapi/nankang-health.json) as a checker of real responses: finds the operation by
/// method and route template, the response by status and media type, and validates the body against that response's
/// schema with JsonSchema.Net, <c>$ref</c>s resolved within the document.
/// </summary>
public sealed partial class OpenApiContract
{
    private static readonly Uri DocumentUri = new("https://nankang.health.test/openapi/nankang-health.json");
    private static readonly Lazy<OpenApiContract> Committed = new(() => new OpenApiContract(File.ReadAllText(CommittedPath)));
    private readonly JsonElement _root;
    private readonly BuildOptions _build;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private readonly List<(Regex Pattern, string Template, int Literals)> _paths;

    public OpenApiContract(string documentJson)
    {
        _root = JsonDocument.Parse(documentJson).RootElement.Clone();
        var registry = new SchemaRegistry();
        registry.Register(DocumentUri, new JsonElementBaseDocument(_root, DocumentUri));
        _build = new BuildOptions { SchemaRegistry = registry };
        _paths = [.. _root.GetProperty("paths").EnumerateObject()
            .Select(p => (Template(p.Name), p.Name, p.Name.Split('/').Count(s => s.Length > 0 && !s.StartsWith('{'))))
            .OrderByDescending(p => p.Item3)];
        Document = JsonNode.Parse(documentJson)!.AsObject();
    }

    /// <summary>The document the API tests check every response against.</summary>
    public static OpenApiContract Default => Committed.Value;

    public static string CommittedPath => Path.Combine(RepositoryRoot(), "openapi", "nankang-health.json");

    public JsonObject Document { get; }

    /// <summary>The route template of the documented operation a request reaches, or null when it reaches none.</summary>
    public string? Operation(string method, string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        foreach (var (pattern, template, _) in _paths)
        {
            if (pattern.IsMatch(trimmed) && _root.GetProperty("paths").GetProperty(template).TryGetProperty(method.ToLowerInvariant(), out _))
            {
                return template;
            }
        }

        return null;
    }

    /// <summary>
    /// What is wrong with a response to a documented operation, or null when it matches the document: its status must be
    /// documented, its media type listed for that status, and a JSON body valid against the schema.
    /// </summary>
    public string? Check(string method, string template, int status, string? mediaType, string body)
    {
        var operation = _root.GetProperty("paths").GetProperty(template).GetProperty(method.ToLowerInvariant());
        var where = $"{method} {template} → {status}";
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (!operation.GetProperty("responses").TryGetProperty(key, out var response))
        {
            return $"{where}: the status is not documented. Body: {Truncate(body)}";
        }

        if (!response.TryGetProperty("content", out var content))
        {
            return body.Length == 0 ? null : $"{where}: the document says no body, the server sent {mediaType}: {Truncate(body)}";
        }

        if (mediaType is null || !content.TryGetProperty(mediaType, out _))
        {
            return $"{where}: media type {mediaType ?? "(none)"} is not documented (documented: {string.Join(", ", content.EnumerateObject().Select(c => c.Name))}).";
        }

        if (!mediaType.Contains("json", StringComparison.Ordinal))
        {
            return null;
        }

        var pointer = $"/paths/{Escape(template)}/{method.ToLowerInvariant()}/responses/{key}/content/{Escape(mediaType)}/schema";
        var errors = Validate(pointer, body);
        return errors is null ? null : $"{where} ({mediaType}): {errors}. Body: {Truncate(body)}";
    }

    /// <summary>Validates <paramref name="json"/> against the schema at a JSON pointer of the document; null when valid.</summary>
    public string? Validate(string pointer, string json)
    {
        var schema = _schemas.GetOrAdd(pointer, p => JsonSchema.FromText(
            JsonSerializer.Serialize(new Dictionary<string, string> { ["$ref"] = $"{DocumentUri}#{string.Join('/', p.Split('/').Select(Uri.EscapeDataString))}" }), _build));
        using var instance = JsonDocument.Parse(json);
        var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return null;
        }

        return string.Join("; ", (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))
            .Distinct()
            .Take(8));
    }

    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nankang.Health.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Nankang.Health.sln not found above the test output.");
    }

    private static Regex Template(string template) =>
        new("^" + Parameter().Replace(Regex.Escape(template).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$", RegexOptions.CultureInvariant);

    private static string Truncate(string text) => text.Length <= 600 ? text : text[..600] + "…";

    [GeneratedRegex(@"\{[^}/]+\}", RegexOptions.CultureInvariant)]
    private static partial Regex Parameter();
}

/// <summary>
/// Checks every response an API test receives against the committed OpenAPI document and fails the request (an exception
/// in the test) on a mismatch: an undocumented status, an undocumented media type, or a body its schema refuses.
/// Requests that reach no documented operation (Swagger UI, the document itself, unknown routes) pass unchecked.
/// </summary>
public sealed class ContractCheckingHandler(OpenApiContract contract) : DelegatingHandler
{
    private static readonly string? RecordTo = Environment.GetEnvironmentVariable("NANKANG_RECORD_EXAMPLES");
    private static readonly ConcurrentDictionary<string, bool> Recorded = new(StringComparer.Ordinal);

    public ContractCheckingHandler()
        : this(OpenApiContract.Default)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri is not { } uri || contract.Operation(request.Method.Method, uri.AbsolutePath) is not { } template)
        {
            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var status = (int)response.StatusCode;
        if (contract.Check(request.Method.Method, template, status, mediaType, body) is { } problem)
        {
            throw new OpenApiContractException(problem);
        }

        if (RecordTo is not null && status < 300 && Recorded.TryAdd($"{request.Method} {template} {status} {mediaType}", true))
        {
            var line = new JsonObject { ["method"] = request.Method.Method, ["template"] = template, ["status"] = status, ["mediaType"] = mediaType, ["body"] = body };
            lock (Recorded)
            {
                File.AppendAllText(RecordTo, line.ToJsonString() + "\n");
            }
        }

        return response;
    }
}

/// <summary>A response that does not match the OpenAPI document.</summary>
public sealed class OpenApiContractException(string message) : Exception(message);
