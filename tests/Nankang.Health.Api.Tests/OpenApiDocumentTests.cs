using System.Text.Json.Nodes;

namespace Nankang.Health.Api.Tests;

/// <summary>The committed OpenAPI document (openapi/) is what the service serves; a stale commit fails here.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(ApiFixture fixture)
{
    [Fact]
    public async Task CommittedDocument_EqualsTheServedOne()
    {
        var api = await fixture.For(Provider.Sqlite);
        using var client = api.Client(null);
        var served = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "openapi", "nankang-health.json")))!;

        Assert.True(JsonNode.DeepEquals(committed, served),
            "openapi/nankang-health.json is stale: build src/Nankang.Health.Api (it regenerates the file) and commit it.");
    }

    [Fact]
    public async Task EveryOperation_HasASummaryAndProblemResponses()
    {
        var api = await fixture.For(Provider.Sqlite);
        using var client = api.Client(null);
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                Assert.False(string.IsNullOrWhiteSpace(operation!["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
                Assert.Contains(operation["responses"]!.AsObject(), r => r.Key.StartsWith('4'));
                // A JSON body carries an example; an upload (multipart/form-data, the registry import) names its file part.
                if (operation["requestBody"]?["content"] is { } content)
                {
                    Assert.True(content["application/json"]?["example"] is not null || content["multipart/form-data"]?["schema"] is not null, $"{method} {path} has no example");
                }
            }
        }
    }

    private static string RepositoryRoot()
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
}
