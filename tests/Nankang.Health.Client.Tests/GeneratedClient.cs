using System.Net;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Nankang.Health.Api.Tests;
using Nankang.Health.Api.Tests.Contract;
using Nankang.Health.Client;

namespace Nankang.Health.Client.Tests;

/// <summary>
/// The Kiota client generated from openapi/ (obj/kiota), talking to the real service in memory through an HttpClient
/// that checks every response against the document and keeps the last status and body (Kiota returns only the model).
/// </summary>
public sealed class GeneratedClient : IDisposable
{
    private readonly HttpClient _http;

    public GeneratedClient(ApiFactory api, string apiKey)
    {
        _http = api.CreateDefaultClient(new ContractCheckingHandler(), Last);
        _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: _http) { BaseUrl = _http.BaseAddress!.ToString().TrimEnd('/') };
        Client = new NankangClient(adapter);
    }

    public NankangClient Client { get; }

    /// <summary>The status and body of the last response this client received.</summary>
    public LastResponse Last { get; } = new();

    public static GeneratedClient Bureau(ApiFactory api) => new(api, ApiFactory.BureauKey);

    public static GeneratedClient Hospital(ApiFactory api, string hospitalId) => new(api, ApiFactory.HospitalKey(hospitalId));

    public void Dispose() => _http.Dispose();

    public sealed class LastResponse : DelegatingHandler
    {
        public HttpStatusCode Status { get; private set; }

        public string Body { get; private set; } = "";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            Status = response.StatusCode;
            Body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response;
        }
    }
}
