using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nankang.Health.Api.Http;

namespace Nankang.Health.Api.Tests;

/// <summary>Where a request parameter comes from, as the endpoint's metadata says.</summary>
public enum ParameterSource
{
    Path,
    Query,
    Header,
}

public sealed record RouteParameter(string Name, ParameterSource Source, Type Type, bool Required);

/// <summary>One API operation as the route table and its metadata describe it; nothing here is written by hand per route.</summary>
public sealed record ApiRoute(
    string Method,
    string Pattern,
    string Name,
    IReadOnlyList<RouteParameter> Parameters,
    Type? BodyType,
    bool BureauOnly,
    bool RequiresKey,
    string? AuditAction)
{
    /// <summary>The file formats the route answers besides JSON (<c>?format=</c>, its <see cref="Exports.ExportFormats"/>).</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];

    /// <summary>The format this request asks for (<c>?format=</c>), or null for the route's JSON.</summary>
    public string? Format { get; init; }

    /// <summary>This route once as JSON and once per file format it has.</summary>
    public IEnumerable<ApiRoute> InEveryFormat() => [this, .. Formats.Select(f => this with { Format = f })];

    public override string ToString() => $"{Method} {Pattern} ({Name}{(Format is null ? "" : $", format={Format}")})";

    /// <summary>
    /// Sends this operation: path and query from <paramref name="values"/>, every header parameter from it too (or a fresh
    /// value), and <paramref name="body"/> as the JSON request body (raw bytes, so it may be anything). A workbook's answer
    /// is given as the text of its cells, what a reader of the file sees.
    /// </summary>
    public async Task<(System.Net.HttpStatusCode Status, string ContentType, string Raw)> SendAsync(HttpClient client, IReadOnlyDictionary<string, string> values, byte[]? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(Method), Url(values));
        foreach (var header in Parameters.Where(p => p.Source == ParameterSource.Header))
        {
            request.Headers.TryAddWithoutValidation(header.Name, values.TryGetValue(header.Name, out var v) ? v : Guid.NewGuid().ToString());
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        using var response = await client.SendAsync(request);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        return (response.StatusCode, mediaType, mediaType == ExportFiles.XlsxMediaType && response.IsSuccessStatusCode
            ? ExportFiles.XlsxText(await response.Content.ReadAsByteArrayAsync())
            : await response.Content.ReadAsStringAsync());
    }

    /// <summary>The URL with path parameters filled in and query parameters appended (values already chosen).</summary>
    public string Url(IReadOnlyDictionary<string, string> values)
    {
        var path = Regex.Replace(Pattern, @"\{(?<name>\w+)(:[^}]*)?\??\}", m => Uri.EscapeDataString(values[m.Groups["name"].Value]));
        var query = Parameters.Where(p => p.Source == ParameterSource.Query && values.ContainsKey(p.Name) && !(Format is not null && p.Name == "format"))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(values[p.Name])}").ToList();
        if (Format is not null)
        {
            query.Add($"format={Format}");
        }

        return query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
    }
}

/// <summary>Reads every mapped API endpoint from the running service: <see cref="EndpointDataSource"/> joined with API Explorer.</summary>
public static class RouteTable
{
    public static async Task<(IReadOnlyList<ApiRoute> Routes, IReadOnlyList<string> Unusable)> ReadAsync(ApiFactory factory)
    {
        var services = factory.Services;
        var descriptions = services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items).ToList();
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var routes = new List<ApiRoute>();
        var unusable = new List<string>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? string.Empty;
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["(any)"])
            {
                var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "(unnamed)";
                var description = descriptions.SingleOrDefault(d =>
                    string.Equals(d.HttpMethod, method, StringComparison.OrdinalIgnoreCase) && Normalize(d.RelativePath) == Normalize(pattern));
                if (description is null)
                {
                    unusable.Add($"{method} {pattern} ({name}): not described by API Explorer");
                    continue;
                }

                // An upload (multipart/form-data: the registry import) carries no tenant's id and is bureau only; this table
                // sends JSON, so it leaves uploads to their own tests (MemberImportTests: a hospital key → 403).
                if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.FormFile))
                {
                    continue;
                }

                var parameters = new List<RouteParameter>();
                Type? body = null;
                foreach (var p in description.ParameterDescriptions)
                {
                    if (p.Source == BindingSource.Body)
                    {
                        body = p.Type;
                    }
                    else if (p.Source == BindingSource.Path || p.Source == BindingSource.Query || p.Source == BindingSource.Header)
                    {
                        var source = p.Source == BindingSource.Path ? ParameterSource.Path : p.Source == BindingSource.Query ? ParameterSource.Query : ParameterSource.Header;
                        parameters.Add(new RouteParameter(p.Name, source, p.Type, p.IsRequired));
                    }
                    else if (p.Source != BindingSource.Services && p.Source != BindingSource.Special)
                    {
                        unusable.Add($"{method} {pattern} ({name}): parameter {p.Name} comes from {p.Source.DisplayName}");
                    }
                }

                var requirements = new List<IAuthorizationRequirement>();
                foreach (var data in endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>())
                {
                    var policy = data.Policy is null ? await policies.GetDefaultPolicyAsync() : await policies.GetPolicyAsync(data.Policy);
                    requirements.AddRange(policy?.Requirements ?? []);
                    if (data.Roles is { } roles)
                    {
                        requirements.Add(new RolesAuthorizationRequirement(roles.Split(',')));
                    }
                }

                var bureauOnly = requirements.OfType<RolesAuthorizationRequirement>().Any(r => !r.AllowedRoles.Contains("Hospital"));
                var requiresKey = requirements.Count > 0 && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
                var formats = endpoint.Metadata.GetMetadata<Exports.ExportFormats>() is { WithoutJson: false } declared ? declared.Formats : [];
                routes.Add(new ApiRoute(method, pattern, name, parameters, body, bureauOnly, requiresKey,
                    endpoint.Metadata.GetMetadata<AuditedAction>()?.Action) { Formats = formats });
            }
        }

        return (routes, unusable);
    }

    private static string Normalize(string? path) =>
        Regex.Replace(path ?? string.Empty, @"\{(?<name>\w+)(:[^}]*)?\??\}", "{${name}}").Trim('/');
}
