DROP TABLE link_clicks;
