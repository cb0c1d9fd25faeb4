using System.Net;
using System.Text.Json.Nodes;
using Nankang.Health.Api.Http;

namespace Nankang.Health.Api.Tests.Contract;

/// <summary>
/// What a client generator and a hospital's integrator need from every operation of openapi/nankang-health.json: a
/// description, exactly the statuses it answers with problem bodies for the errors, examples valid against their own
/// schemas, and request fields required as the server requires them. An endpoint added without them fails here.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiContractTests(ApiFixture fixture)
{
    private static readonly string[] BodyErrors = ["400", "413", "415"];

    public static TheoryData<string, string> Operations()
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, item) in OpenApiContract.Default.Document["paths"]!.AsObject())
        {
            foreach (var (method, _) in item!.AsObject())
            {
                data.Add(method, path);
            }
        }

        return data;
    }

    [Theory, MemberData(nameof(Operations))]
    public void Operation_HasDescriptionTagsAndEveryErrorStatus(string method, string path)
    {
        var operation = OpenApiContract.Default.Document["paths"]![path]![method]!.AsObject();
        var where = $"{method.ToUpperInvariant()} {path}";
        Assert.False(string.IsNullOrWhiteSpace(operation["operationId"]?.GetValue<string>()), $"{where}: no operationId (.WithName)");
        Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{where}: no summary (.WithSummary)");
        Assert.False(string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>()), $"{where}: no description (.WithDescription)");
        Assert.NotEmpty(operation["tags"]!.AsArray());

        var responses = operation["responses"]!.AsObject();
        var statuses = responses.Select(r => r.Key).ToList();
        Assert.True(statuses.Any(s => s is "200" or "201"), $"{where}: no success status");
        Assert.Contains("401", statuses);
        Assert.Contains("429", statuses);
        if (operation["requestBody"] is { } body)
        {
            Assert.All(BodyErrors, s => Assert.Contains(s, statuses));
            Assert.True(body["required"]?.GetValue<bool>() == true, $"{where}: the request body is not required");
            Assert.All(body["content"]!.AsObject(), media => Assert.True(media.Value!["example"] is not null, $"{where}: request {media.Key} has no example"));
        }

        foreach (var (status, response) in responses)
        {
            var content = response!["content"]?.AsObject();
            Assert.True(content is { Count: > 0 }, $"{where} {status}: no content");
            foreach (var (media, value) in content!)
            {
                // Bytes (a PDF) have no example to show; JSON and text have.
                Assert.True(value!["example"] is not null || value["schema"]?["format"]?.GetValue<string>() == "binary",
                    $"{where} {status} {media}: no example (src/Nankang.Health.Api/Http/OpenApiExamples.json)");
                if (status.StartsWith('4'))
                {
                    Assert.Equal(OpenApiSetup.ProblemMediaType, media);
                    var schema = value["schema"]!["$ref"]!.GetValue<string>();
                    Assert.EndsWith(status == "400" ? OpenApiSchemas.ValidationProblem : OpenApiSchemas.Problem, schema, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void EveryExample_IsValidAgainstItsOwnSchema()
    {
        var contract = OpenApiContract.Default;
        var checkedCount = 0;
        var failures = new List<string>();
        foreach (var (path, item) in contract.Document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var prefix = $"/paths/{OpenApiContract.Escape(path)}/{method}";
                var places = new List<(string Pointer, JsonObject Media)>();
                foreach (var (media, value) in operation!["requestBody"]?["content"]?.AsObject() ?? [])
                {
                    places.Add(($"{prefix}/requestBody/content/{OpenApiContract.Escape(media)}", value!.AsObject()));
                }

                foreach (var (status, response) in operation["responses"]!.AsObject())
                {
                    foreach (var (media, value) in response!["content"]?.AsObject() ?? [])
                    {
                        places.Add(($"{prefix}/responses/{status}/content/{OpenApiContract.Escape(media)}", value!.AsObject()));
                    }
                }

                foreach (var (pointer, media) in places)
                {
                    if (media["example"] is { } example && pointer.Contains("json", StringComparison.Ordinal))
                    {
                        checkedCount++;
                        if (contract.Validate(pointer + "/schema", example.ToJsonString()) is { } error)
                        {
                            failures.Add($"{pointer}: {error}");
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedCount > 100, $"only {checkedCount} examples checked");
    }

    [Fact]
    public void EveryRequestSchema_SaysWhichFieldsAreRequired()
    {
        var document = OpenApiContract.Default.Document;
        var schemas = document["components"]!["schemas"]!.AsObject();
        var requestSchemas = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (_, item) in document["paths"]!.AsObject())
        {
            foreach (var (_, operation) in item!.AsObject())
            {
                foreach (var (_, media) in operation!["requestBody"]?["content"]?.AsObject() ?? [])
                {
                    Collect(media!["schema"], schemas, requestSchemas);
                }
            }
        }

        Assert.NotEmpty(requestSchemas);
        foreach (var name in requestSchemas.Where(n => schemas[n]!["properties"] is not null))
        {
            Assert.True(OpenApiSchemas.RequiredFields.ContainsKey(name), $"request schema {name} is not in OpenApiSchemas.RequiredFields");
            var properties = schemas[name]!["properties"]!.AsObject();
            foreach (var field in schemas[name]!["required"]?.AsArray().Select(f => f!.GetValue<string>()) ?? [])
            {
                var type = properties[field]!["type"];
                Assert.False(type is JsonArray types && types.Any(t => t!.GetValue<string>() == "null"), $"{name}.{field} is required but nullable");
                Assert.Null(properties[field]!["oneOf"]);
            }
        }
    }

    /// <summary>
    /// Every field of the hospital's flow is described in the document, and the description list names no field that is not
    /// there: a field added to one of these schemas fails here until it is described (<see cref="OpenApiFieldDescriptions"/>).
    /// </summary>
    [Fact]
    public void HospitalFlowSchemas_DescribeEveryField()
    {
        var schemas = OpenApiContract.Default.Document["components"]!["schemas"]!.AsObject();
        var failures = new List<string>();
        foreach (var (name, described) in OpenApiFieldDescriptions.Schemas)
        {
            var properties = schemas[name]?["properties"]?.AsObject();
            if (properties is null)
            {
                failures.Add($"{name}: no such schema with properties");
                continue;
            }

            failures.AddRange(properties.Where(p => p.Value?["description"] is null).Select(p => $"{name}.{p.Key}: no description"));
            failures.AddRange(properties.Where(p => !described.ContainsKey(p.Key)).Select(p => $"{name}.{p.Key}: not in OpenApiFieldDescriptions"));
            failures.AddRange(described.Keys.Where(f => !properties.ContainsKey(f)).Select(f => $"{name}.{f}: described but not in the schema"));
            failures.AddRange(described.Where(d => properties[d.Key]?["description"]?.GetValue<string>() is { } text && !text.StartsWith(d.Value, StringComparison.Ordinal))
                .Select(d => $"{name}.{d.Key}: the document's description is not the listed one"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(OpenApiFieldDescriptions.Schemas.Sum(s => s.Value.Count) > 60);
    }

    /// <summary>The field list of <see cref="OpenApiSchemas.RequiredFields"/> is what the server does: without a required field the example is refused naming it.</summary>
    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task RequiredFields_AreThoseTheServerRefusesToDoWithout(Provider provider)
    {
        var api = await fixture.For(provider);
        using var bureau = api.Bureau();
        foreach (var (operationId, body, field) in new[]
        {
            ("PreviewSettlement", "/api/v1/settlements/preview", "hospitalId"), ("PreviewSettlement", "/api/v1/settlements/preview", "fees"),
            ("Admit", "/api/v1/admissions", "memberId"), ("CheckEligibility", "/api/v1/eligibility", "nationalId"),
        })
        {
            var example = JsonNode.Parse(Examples.Bodies[operationId])!.AsObject();
            example.Remove(field);
            var (status, problem, raw) = await bureau.Post(body, example);
            Assert.True(status == HttpStatusCode.BadRequest, $"{operationId} without {field}: {status} {raw}");
            Assert.NotNull(problem!["errors"]![field]);
        }

        // A fee line without itemName (the README's own example) is accepted: the schema must not require it.
        var claim = JsonNode.Parse(Examples.Bodies["PreviewSettlement"])!.AsObject();
        foreach (var fee in claim["fees"]!.AsArray())
        {
            fee!.AsObject().Remove("itemName");
        }

        var (_, answer, text) = await bureau.Post("/api/v1/settlements/preview", claim);
        Assert.True(answer?["errors"]?.AsObject().All(e => !e.Key.EndsWith("itemName", StringComparison.Ordinal)) ?? true, text);
        Assert.DoesNotContain("itemName", OpenApiSchemas.RequiredFields["FeeBody"]);
    }

    /// <summary>The statuses the pipeline adds to every operation with a body are real: 415 for another media type (checked against the document like every response).</summary>
    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task BodyOfAnotherMediaType_Is415WithAProblem(Provider provider)
    {
        var api = await fixture.For(provider);
        using var hospital = api.Hospital("H-NK-L2");
        using var content = new StringContent("hospitalId=H-NK-L2", System.Text.Encoding.UTF8, "text/plain");
        using var response = await hospital.PostAsync("/api/v1/settlements/preview", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(OpenApiSetup.ProblemMediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void Checker_RefusesABodyItsSchemaRefuses()
    {
        var document = OpenApiContract.Default.Document.DeepClone().AsObject();
        var template = "/api/v1/hospitals/{hospitalId}";
        var body = """{ "hospitalId": "H-1", "name": "district hospital", "level": 2, "region": "InDistrict", "designated": true }""";
        var real = new OpenApiContract(document.ToJsonString());
        Assert.Null(real.Check("GET", template, 200, "application/json", body));

        // A deliberately wrong schema: the level as a string. The same body must now fail.
        var schemas = document["components"]!["schemas"]!.AsObject();
        schemas["HospitalView"]!["properties"]!["level"] = new JsonObject { ["type"] = "string" };
        var wrong = new OpenApiContract(document.ToJsonString());
        Assert.Contains("level", wrong.Check("GET", template, 200, "application/json", body), StringComparison.Ordinal);

        // An undocumented status, media type or missing field fail too.
        Assert.Contains("not documented", real.Check("GET", template, 418, "application/json", body), StringComparison.Ordinal);
        Assert.Contains("not documented", real.Check("GET", template, 200, "text/html", "<p>"), StringComparison.Ordinal);
        Assert.NotNull(real.Check("GET", template, 200, "application/json", """{ "hospitalId": "H-1" }"""));
        Assert.NotNull(real.Check("GET", template, 404, OpenApiSetup.ProblemMediaType, """{ "detail": "no title, no status" }"""));
    }

    [Fact]
    public async Task Handler_FailsTheRequestOnAnUndocumentedResponse()
    {
        var api = await fixture.For(Provider.Sqlite);
        var document = OpenApiContract.Default.Document.DeepClone().AsObject();
        document["paths"]!["/api/v1/hospitals/{hospitalId}"]!["get"]!["responses"]!.AsObject().Remove("404");
        using var client = api.CreateDefaultClient(new ContractCheckingHandler(new OpenApiContract(document.ToJsonString())));
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.BureauKey);

        var refused = await Assert.ThrowsAsync<OpenApiContractException>(() => client.GetAsync("/api/v1/hospitals/H-NO-SUCH"));
        Assert.Contains("404", refused.Message, StringComparison.Ordinal);
        using var ok = await client.GetAsync("/api/v1/hospitals/H-NK-L2");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    private static void Collect(JsonNode? schema, JsonObject schemas, SortedSet<string> found)
    {
        switch (schema)
        {
            case JsonObject o when o["$ref"]?.GetValue<string>() is { } reference:
                var name = reference[(reference.LastIndexOf('/') + 1)..];
                if (found.Add(name))
                {
                    Collect(schemas[name], schemas, found);
                }

                break;
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Collect(child, schemas, found);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Collect(child, schemas, found);
                }

                break;
        }
    }
}
