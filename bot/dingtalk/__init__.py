"""The DingTalk adapter (Stream mode, dingtalk-stream 0.24): frames in, OpenAPI calls out."""
