# ruff: noqa: E501  (export files are data; their lines are as long as real ones)
"""Export files shaped like the real ones, with the faults real ones have."""

from __future__ import annotations

import sqlite3
from pathlib import Path

WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Harbour Notes</title>
  <link>https://harbour-notes.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://harbour-notes.example</wp:base_site_url>
  <item>
    <title>The sea wall, again</title>
    <link>https://harbour-notes.example/2024/05/sea-wall-again/</link>
    <wp:post_id>41</wp:post_id>
    <wp:post_name>sea-wall-again</wp:post_name>
    <wp:post_type>post</wp:post_type>
    <wp:comment>
      <wp:comment_id>102</wp:comment_id>
      <wp:comment_author><![CDATA[Ines Carvalho]]></wp:comment_author>
      <wp:comment_author_email>ines@example.org</wp:comment_author_email>
      <wp:comment_author_IP>203.0.113.7</wp:comment_author_IP>
      <wp:comment_date>2024-05-02 10:00:00</wp:comment_date>
      <wp:comment_date_gmt>2024-05-02 09:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[I agree with Tomás.

Second paragraph,
with a line break.]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type>comment</wp:comment_type>
      <wp:comment_parent>101</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>101</wp:comment_id>
      <wp:comment_author><![CDATA[Tomás Rendell]]></wp:comment_author>
      <wp:comment_author_email></wp:comment_author_email>
      <wp:comment_date>2024-05-01 18:30:00</wp:comment_date>
      <wp:comment_date_gmt>0000-00-00 00:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[The survey said <b>eighteen months</b>.]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type></wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
      <wp:commentmeta>
        <wp:meta_key>wpdiscuz_votes</wp:meta_key>
        <wp:meta_value>3</wp:meta_value>
      </wp:commentmeta>
      <wp:commentmeta>
        <wp:meta_key>wpdiscuz_votes_seperate</wp:meta_key>
        <wp:meta_value><![CDATA[a:2:{s:4:"like";i:5;s:7:"dislike";i:-2;}]]></wp:meta_value>
      </wp:commentmeta>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>103</wp:comment_id>
      <wp:comment_author><![CDATA[Ferry Regular]]></wp:comment_author>
      <wp:comment_date_gmt>2024-05-02 11:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[And a reply to the reply.]]></wp:comment_content>
      <wp:comment_approved>0</wp:comment_approved>
      <wp:comment_parent>102</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>104</wp:comment_id>
      <wp:comment_author><![CDATA[cheap pills]]></wp:comment_author>
      <wp:comment_date_gmt>2024-05-03 11:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[buy now]]></wp:comment_content>
      <wp:comment_approved>spam</wp:comment_approved>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>105</wp:comment_id>
      <wp:comment_author><![CDATA[Other Blog]]></wp:comment_author>
      <wp:comment_date_gmt>2024-05-03 12:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[[…] as Harbour Notes reported […]]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type>pingback</wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
  </item>
  <item>
    <title>Tides</title>
    <link>https://harbour-notes.example/2024/06/tides/</link>
    <wp:post_id>42</wp:post_id>
    <wp:post_name>tides</wp:post_name>
    <wp:comment>
      <wp:comment_id></wp:comment_id>
      <wp:comment_author><![CDATA[Old Import]]></wp:comment_author>
      <wp:comment_date_gmt>2024-06-01 08:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[A comment with no id \x0b at all.]]></wp:comment_content>
      <wp:comment_approved>trash</wp:comment_approved>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>201</wp:comment_id>
      <wp:comment_author><![CDATA[Orphan]]></wp:comment_author>
      <wp:comment_date_gmt>2024-06-02 08:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[My parent was deleted long ago.]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_parent>199</wp:comment_parent>
    </wp:comment>
  </item>
  <item>
    <title>A page nobody commented on</title>
    <wp:post_id>43</wp:post_id>
  </item>
</channel>
</rss>
"""

DISQUS = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com"
  xsi:schemaLocation="http://disqus.com/api/schemas/1.0/disqus.xsd"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <category dsq:id="1"><forum>harbour</forum><title>General</title></category>
  <thread dsq:id="7001">
    <id>harbour-post-12</id>
    <forum>harbour</forum>
    <link>https://harbour.example/posts/12/</link>
    <title>Fish market reopens</title>
    <createdAt>2019-03-01T08:00:00Z</createdAt>
  </thread>
  <thread dsq:id="7002">
    <id></id>
    <link>https://harbour.example/posts/13/</link>
    <title>Ferry times</title>
  </thread>
  <post dsq:id="9003">
    <id />
    <message><![CDATA[<p>Replying to Marta: <a href="https://x.example" onclick="evil()">source</a></p>]]></message>
    <createdAt>2019-03-01T10:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Ines</name><email>ines@example.org</email></author>
    <ipAddress>198.51.100.4</ipAddress>
    <thread dsq:id="7001" />
    <parent dsq:id="9001" />
  </post>
  <post dsq:id="9001">
    <message><![CDATA[<p>Good news for the stalls.</p><script>alert(1)</script>]]></message>
    <createdAt>2019-03-01T09:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Marta</name><email>marta@example.org</email></author>
    <thread dsq:id="7001" />
  </post>
  <post dsq:id="9002">
    <message><![CDATA[<p>Spam spam.</p>]]></message>
    <createdAt>2019-03-01T09:30:00Z</createdAt>
    <isSpam>true</isSpam>
    <author><name>Bot</name></author>
    <thread dsq:id="7001" />
  </post>
  <post dsq:id="9004">
    <message><![CDATA[<p>Deleted by its author.</p>]]></message>
    <createdAt>2019-03-02T09:30:00Z</createdAt>
    <isDeleted>true</isDeleted>
    <author><name>Someone</name></author>
    <thread dsq:id="7002" />
  </post>
  <post dsq:id="9005">
    <message><![CDATA[<p>My thread is gone.</p>]]></message>
    <createdAt>2019-03-02T09:30:00Z</createdAt>
    <author><name>Lost</name></author>
    <thread dsq:id="7999" />
  </post>
</disqus>
"""


def isso_database(path: Path) -> Path:
    """An Isso database with Isso's schema: two threads, a reply, a deleted one."""
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE,
                title VARCHAR(256));
            CREATE TABLE comments (tid REFERENCES threads(id), id INTEGER PRIMARY KEY,
                parent INTEGER, created FLOAT NOT NULL, modified FLOAT,
                mode INTEGER, remote_addr VARCHAR, text VARCHAR, author VARCHAR,
                email VARCHAR, website VARCHAR, likes INTEGER DEFAULT 0,
                dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL,
                notification INTEGER DEFAULT 0);
            INSERT INTO threads VALUES (1, '/blog/breakwater/', 'Breakwater');
            INSERT INTO threads VALUES (2, '/blog/gulls/', 'Gulls');
            INSERT INTO comments VALUES (1, 1, NULL, 1700000000.0, NULL, 1,
                '192.0.2.0', 'The **old** breakwater.', 'Ana', 'ana@example.org',
                NULL, 4, 1, x'00', 0);
            INSERT INTO comments VALUES (1, 2, 1, 1700000100.0, 1700000200.0, 1,
                '192.0.2.0', 'Agreed.', NULL, NULL, NULL, 0, 0, x'00', 0);
            INSERT INTO comments VALUES (1, 3, 2, 1700000300.0, NULL, 4,
                '192.0.2.0', '', NULL, NULL, NULL, 0, 0, x'00', 0);
            INSERT INTO comments VALUES (1, 4, 3, 1700000400.0, NULL, 2,
                '192.0.2.0', 'Waiting for a moderator.', 'Bo', NULL, NULL, 0, 0,
                x'00', 0);
            INSERT INTO comments VALUES (2, 5, NULL, 1700000500.0, NULL, 1,
                '192.0.2.0', 'Gulls everywhere.', 'Cy', NULL, NULL, 0, 0, x'00', 0);
            """
        )
    return path
