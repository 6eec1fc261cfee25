namespace AuditExplorer.Data.Demo;

/// <summary>Writes a content item, or parts of it, as the JSON objects stored in old_values/new_values.</summary>
internal sealed class ContentItemJson(JsonTextBuilder json, string[] authors)
{
    public JsonTextBuilder Json => json;

    public string Full(ContentItem item)
    {
        json.Begin().Raw("title", item.Title);
        Body(item);
        json.String("status", item.Status);
        Tags(item);
        Author(item);
        Metadata(item);
        json.Number("version", item.Version);
        if (item.LineItems is not null)
        {
            json.Object("customer").Raw("name", item.CustomerName!).Raw("email", item.CustomerEmail!).EndObject();
            Value(item);
            LineItems(item);
        }
        return json.Finish();
    }

    /// <summary>A short snapshot (what a delete keeps as old values).</summary>
    public string Summary(ContentItem item)
    {
        json.Begin().Raw("title", item.Title).String("status", item.Status);
        Tags(item);
        Author(item);
        return json.Number("version", item.Version).Finish();
    }

    public void Body(ContentItem item)
    {
        if (item.LargeBody >= 0) json.Raw("body", DemoVocabulary.LargeBodies[item.LargeBody]);
        else json.Joined("body", new ParagraphList(item.Paragraphs), "\\n\\n");
    }

    public void Tags(ContentItem item)
    {
        json.Array("tags");
        foreach (var t in item.Tags) json.StringElement(Unquoted(DemoVocabulary.Tags[t]));
        json.EndArray();
    }

    public void Author(ContentItem item) => json.Raw("author", authors[item.Author]);

    public void Metadata(ContentItem item) =>
        json.Object("metadata")
            .String("locale", DemoVocabulary.Locales[item.Locale])
            .Number("word_count", item.LargeBody >= 0 ? 16_000 : item.Paragraphs.Length * 57)
            .Object("seo").String("slug", item.Id).Raw("description", item.Title).EndObject()
            .EndObject();

    public void Value(ContentItem item) =>
        json.Object("value").Number("amount", item.LineItems!.Sum(l => l.Quantity * l.UnitPrice)).String("currency", "EUR").EndObject();

    public void LineItems(ContentItem item)
    {
        json.Array("line_items");
        foreach (var line in item.LineItems!)
        {
            json.Element().String("id", line.Id).Raw("sku", DemoVocabulary.Skus[line.Sku])
                .Raw("description", DemoVocabulary.ItemDescriptions[line.Description])
                .Number("quantity", line.Quantity).Number("unit_price", line.UnitPrice).EndObject();
        }
        json.EndArray();
    }

    // Tags are plain ASCII words, so dropping the quotes and re-quoting is exact.
    private static string Unquoted(string literal) => literal[1..^1];

    private readonly struct ParagraphList(int[] indexes) : IReadOnlyList<string>
    {
        public string this[int index] => DemoVocabulary.Paragraphs[indexes[index]];
        public int Count => indexes.Length;
        public IEnumerator<string> GetEnumerator() => indexes.Select(i => DemoVocabulary.Paragraphs[i]).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
