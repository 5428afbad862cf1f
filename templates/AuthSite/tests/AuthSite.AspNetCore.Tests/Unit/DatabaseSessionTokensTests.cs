using System.Buffers.Text;

namespace AuthSite.AspNetCore.Tests.Unit;

/// <summary>The database strategy's cookie value: 32 random bytes as 43 base64url characters, stored only as its SHA-256.</summary>
public class DatabaseSessionTokensTests
{
    [Fact]
    public void ATokenIs43Base64UrlCharacters_AndEveryTokenIsNew()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => DatabaseSessionTokens.Create()).ToList();

        Assert.All(tokens, token =>
        {
            Assert.Equal(DatabaseSessionTokens.Length, token.Length);
            Assert.Equal(32, Base64Url.DecodeFromChars(token).Length);
            Assert.True(DatabaseSessionTokens.IsWellFormed(token));
            Assert.DoesNotContain(token, c => c is '+' or '/' or '=' or '.');
        });
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void TheHash_Is43Base64UrlCharacters_SameForTheSameToken_AndNotTheToken()
    {
        var token = DatabaseSessionTokens.Create();
        var hash = DatabaseSessionTokens.Hash(token);

        Assert.Equal(43, hash.Length);
        Assert.True(Base64Url.IsValid(hash));
        Assert.Equal(hash, DatabaseSessionTokens.Hash(token));
        Assert.NotEqual(token, hash);
        Assert.NotEqual(hash, DatabaseSessionTokens.Hash(DatabaseSessionTokens.Create()));
        Assert.Equal("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU", DatabaseSessionTokens.Hash(""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ")]
    [InlineData("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..abc.def.ghi")]
    public void AnythingElse_IsNotWellFormed(string value) =>
        Assert.False(DatabaseSessionTokens.IsWellFormed(value));
}
